using Yarp.ReverseProxy.Transforms;

namespace PeerPlatform.Gateway.Security;

/// <summary>
/// The caller's identity reaches a service only as the bearer token, which the service validates
/// again. Headers a caller might use to claim an identity are removed before forwarding, so no
/// service can be tricked by one, now or after someone adds a header-based shortcut.
/// </summary>
public static class IdentityHeaders
{
    private static readonly string[] Stripped =
    [
        "X-Peer-Client", "X-Peer-Role", "X-Peer-Partner-Org", "X-Peer-User",
        "X-Forwarded-User", "X-Remote-User", "X-User", "X-Client-Id", "X-Auth-Request-User",
    ];

    public static void Strip(RequestTransformContext context)
    {
        foreach (var header in context.ProxyRequest.Headers.Select(h => h.Key).ToList())
        {
            if (Stripped.Contains(header, StringComparer.OrdinalIgnoreCase) || header.StartsWith("X-Peer-", StringComparison.OrdinalIgnoreCase))
            {
                context.ProxyRequest.Headers.Remove(header);
            }
        }
    }
}
