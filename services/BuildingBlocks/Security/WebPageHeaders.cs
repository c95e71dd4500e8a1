using Microsoft.AspNetCore.Builder;

namespace PeerPlatform.Security;

/// <summary>
/// Headers for server-rendered pages (Identity's sign-in pages, the portal): a Content-Security-
/// Policy that allows scripts, styles and images from the site itself only (no inline script or
/// style, no framing), forms posted only to the site and to <paramref name="formTargets"/>, no
/// MIME sniffing, no referrer beyond the origin, and no caching of pages that show personal data.
/// </summary>
public static class WebPageHeaders
{
    public static IApplicationBuilder UseWebPageHeaders(this IApplicationBuilder app, params string[] formTargets)
    {
        var policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'" + string.Concat(formTargets.Select(t => " " + t));
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true)
                {
                    headers.ContentSecurityPolicy = policy;
                    headers.CacheControl = "no-store";
                }

                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            await next(context);
        });
    }
}
