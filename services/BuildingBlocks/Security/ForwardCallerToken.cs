using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PeerPlatform.Security;

/// <summary>
/// Passes the caller's bearer token on to the next service, so that service authorizes the same
/// caller again (defence in depth) and its audit trail names who really asked.
/// </summary>
public sealed class ForwardCallerTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = accessor.HttpContext?.Request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(authorization) && request.Headers.Authorization is null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

public static class ForwardCallerTokenExtensions
{
    public static IHttpClientBuilder ForwardCallerToken(this IHttpClientBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddTransient<ForwardCallerTokenHandler>();
        return builder.AddHttpMessageHandler<ForwardCallerTokenHandler>();
    }
}
