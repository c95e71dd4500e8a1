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
        // Names only, from the raw headers: enumerating the typed collection would parse every
        // value on every request, the bearer token included (docs/decisions/0011).
        List<string>? claimed = null;
        foreach (var header in context.ProxyRequest.Headers.NonValidated)
        {
            if (IsIdentityHeader(header.Key))
            {
                (claimed ??= []).Add(header.Key);
            }
        }

        foreach (var name in claimed ?? [])
        {
            context.ProxyRequest.Headers.Remove(name);
        }
    }

    private static bool IsIdentityHeader(string name) =>
        name.StartsWith("X-Peer-", StringComparison.OrdinalIgnoreCase) || Stripped.Contains(name, StringComparer.OrdinalIgnoreCase);
}
