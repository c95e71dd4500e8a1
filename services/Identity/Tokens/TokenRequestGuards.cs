using System.Diagnostics;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using PeerPlatform.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace PeerPlatform.Identity.Tokens;

/// <summary>
/// What the token endpoint adds to OpenIddict's own checks: a client id with too many failed
/// authentications is refused for a while (<see cref="TokenRequestLimits"/>), a client assertion is
/// accepted once (<see cref="ClientAssertionReplay"/>), and every refused token request is a
/// security event naming the client id and the caller's address, never the secret.
/// </summary>
internal static partial class TokenRequestGuards
{
    /// <summary>The error a client refused for its failed attempts gets, with HTTP 429 and Retry-After.</summary>
    public const string TooManyFailures = "temporarily_unavailable";

    private const string RetryAfterProperty = ".peer_retry_after";

    public static OpenIddictServerBuilder AddTokenRequestGuards(this OpenIddictServerBuilder server)
    {
        // After OpenIddict has read the client id (from the form, Basic credentials or the
        // assertion's issuer) and checked any assertion, before it looks at the client or its secret.
        var afterAssertion = OpenIddictServerHandlers.ValidateClientAssertionIssuer.Descriptor.Order;
        server.AddEventHandler<ProcessAuthenticationContext>(handler => handler
            .UseSingletonHandler<RefuseClientsWithTooManyFailures>().SetOrder(afterAssertion + 250));
        server.AddEventHandler<ProcessAuthenticationContext>(handler => handler
            .AddFilter<OpenIddictServerHandlerFilters.RequireClientAssertionPrincipal>()
            .UseSingletonHandler<AcceptEachClientAssertionOnce>().SetOrder(afterAssertion + 500));
        // After OpenIddict has chosen the status code, before it writes the response.
        server.AddEventHandler<ApplyTokenResponseContext>(handler => handler
            .UseSingletonHandler<RecordRefusedTokenRequests>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachHttpResponseCode<ApplyTokenResponseContext>.Descriptor.Order + 500));
        return server;
    }

    internal sealed class RefuseClientsWithTooManyFailures(TokenRequestLimits limits) : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            if (context.EndpointType == OpenIddictServerEndpointType.Token && context.ClientId is { Length: > 0 } clientId
                && limits.RetryAfter(clientId) is { } wait)
            {
                context.Transaction.Properties[RetryAfterProperty] = wait;
                context.Reject(TooManyFailures, "Too many failed attempts to authenticate this client; try again after Retry-After seconds.");
            }

            return ValueTask.CompletedTask;
        }
    }

    internal sealed class AcceptEachClientAssertionOnce(ClientAssertionReplay replay) : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            var assertion = context.ClientAssertionPrincipal!;
            var clientId = assertion.GetClaim(Claims.Issuer) ?? "";
            if (assertion.GetClaim(Claims.JwtId) is not { Length: > 0 } jti)
            {
                context.Reject(Errors.InvalidClient, "The client assertion must have a jti claim.");
            }
            else if (!replay.TryUse(clientId, jti, assertion.GetExpirationDate() ?? DateTimeOffset.MaxValue - ClientAssertionReplay.KeptPastExpiry))
            {
                context.Reject(Errors.InvalidClient, "The client assertion has already been used.");
            }

            return ValueTask.CompletedTask;
        }
    }

    internal sealed partial class RecordRefusedTokenRequests(TokenRequestLimits limits, ILoggerFactory loggers) : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        private readonly ILogger log = loggers.CreateLogger(SecurityEvents.Category);

        public ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Error is not { Length: > 0 } error || context.Transaction.GetHttpRequest()?.HttpContext is not { } http)
            {
                return ValueTask.CompletedTask;
            }

            var clientId = context.Request?.ClientId is { Length: > 0 } id ? id[..Math.Min(id.Length, TokenRequestLimits.MaxClientIdLength)] : "";
            if (context.Transaction.Properties.TryGetValue(RetryAfterProperty, out var value) && value is TimeSpan wait)
            {
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (error == Errors.InvalidClient && clientId.Length > 0)
            {
                limits.RecordFailure(clientId);
            }

            TokenRequestRefused(log, http.Response.StatusCode, error, clientId, http.Connection.RemoteIpAddress?.ToString() ?? "",
                Activity.Current?.TraceId.ToString() ?? "");
            return ValueTask.CompletedTask;
        }

        [LoggerMessage(EventId = 4001, EventName = "TokenRequestRefused", Level = LogLevel.Warning,
            Message = "Token request refused with {Status} {Error} for client '{ClientId}' from {SourceAddress} (trace {TraceId})")]
        private static partial void TokenRequestRefused(ILogger logger, int status, string error, string clientId, string sourceAddress, string traceId);
    }
}
