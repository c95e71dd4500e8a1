using System.Globalization;
using System.Threading.RateLimiting;
using PeerPlatform.Security;

namespace PeerPlatform.Gateway.Security;

public sealed class RateLimitOptions
{
    /// <summary>Requests a client may make per second, sustained.</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>Requests a client may make at once before the sustained rate applies.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Sustained rate for callers without a valid token, per remote address (token requests, probes, attacks).</summary>
    public int AnonymousPermitsPerSecond { get; set; } = 20;

    public int AnonymousBurst { get; set; } = 40;
}

/// <summary>
/// A token bucket per OAuth client (per remote address before a token is presented), so one busy
/// or misbehaving integrator cannot starve the others. Refusals are HTTP 429 with Retry-After.
/// </summary>
public static class CallerRateLimiting
{
    public static IServiceCollection AddCallerRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Gateway:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var key = PartitionKey(context);
                var anonymous = key.StartsWith("address:", StringComparison.Ordinal);
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = anonymous ? settings.AnonymousBurst : settings.Burst,
                    TokensPerPeriod = anonymous ? settings.AnonymousPermitsPerSecond : settings.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                RefusalLog.Refused(context.HttpContext, StatusCodes.Status429TooManyRequests, "rate_limited");
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    private static string PartitionKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(PeerClaims.Subject)?.Value is { } client
            ? "client:" + client
            : "address:" + context.Connection.RemoteIpAddress;
}
