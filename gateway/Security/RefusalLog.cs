using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using PeerPlatform.Security;
using Yarp.ReverseProxy.Model;

namespace PeerPlatform.Gateway.Security;

/// <summary>
/// The gateway's own refusals (401, 403, 429) never reach a service, so no service can log or
/// audit them: each is logged here as a security event (category <see cref="SecurityEvents.Category"/>)
/// with the status, why, the route and its policy, the client id when the token was valid, the
/// caller's address and the trace id. Never the token, a header value or the path (it can hold ids).
/// </summary>
public static partial class RefusalLog
{
    public static IServiceCollection AddRefusalLog(this IServiceCollection services) =>
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, LoggingAuthorizationResultHandler>();

    /// <summary>Logs a refusal the gateway is answering with <paramref name="status"/>.</summary>
    public static void Refused(HttpContext context, int status, string reason)
    {
        var endpoint = context.GetEndpoint();
        var route = endpoint?.Metadata.GetMetadata<RouteModel>()?.Config;
        var routeName = route?.RouteId ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "";
        var policy = route?.AuthorizationPolicy
                     ?? endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault(p => p is not null)
                     ?? "";
        var clientId = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(PeerClaims.Subject)?.Value ?? "" : "";
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(SecurityEvents.Category);
        RequestRefused(logger, status, reason, routeName, policy, clientId, context.Connection.RemoteIpAddress?.ToString() ?? "",
            Activity.Current?.TraceId.ToString() ?? "");
    }

    [LoggerMessage(EventId = 4101, EventName = "RequestRefused", Level = LogLevel.Warning,
        Message = "Request refused with {Status} ({Reason}) on route {Route}, policy {Policy}, client '{ClientId}' from {SourceAddress} (trace {TraceId})")]
    private static partial void RequestRefused(ILogger logger, int status, string reason, string route, string policy, string clientId, string sourceAddress, string traceId);

    /// <summary>ASP.NET Core's own handler, after logging a challenge (401) or a forbid (403).</summary>
    private sealed class LoggingAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler inner = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Challenged)
            {
                // Why the token was not accepted, by the kind of failure only (its message can quote the token).
                var failure = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
                var reason = failure is not null ? "invalid_token: " + failure.GetType().Name
                    : context.Request.Headers.Authorization.Count > 0 ? "invalid_token" : "no_token";
                Refused(context, StatusCodes.Status401Unauthorized, reason);
            }
            else if (authorizeResult.Forbidden)
            {
                Refused(context, StatusCodes.Status403Forbidden, "role_not_permitted");
            }

            return inner.HandleAsync(next, context, policy, authorizeResult);
        }
    }
}
