using PeerPlatform.Security;
using Yarp.ReverseProxy.Configuration;

namespace PeerPlatform.Gateway.Security;

/// <summary>
/// Every route names its authorization policy explicitly. A route without one would fall back to
/// whatever the default is, which is how data leaks through a forgotten line of configuration, so
/// the gateway refuses to start instead.
/// </summary>
public static class RouteSecurity
{
    /// <summary>YARP's word for a public route (the token endpoint, key discovery).</summary>
    public const string Anonymous = "anonymous";

    public static void Validate(IReadOnlyList<RouteConfig> routes)
    {
        var problems = new List<string>();
        foreach (var route in routes)
        {
            if (string.IsNullOrWhiteSpace(route.AuthorizationPolicy))
            {
                problems.Add($"route '{route.RouteId}' has no AuthorizationPolicy");
            }
            else if (!string.Equals(route.AuthorizationPolicy, Anonymous, StringComparison.OrdinalIgnoreCase)
                     && !PeerPolicies.RolesByPolicy.ContainsKey(route.AuthorizationPolicy))
            {
                problems.Add($"route '{route.RouteId}' names unknown policy '{route.AuthorizationPolicy}'");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Gateway routes are not secured: " + string.Join("; ", problems));
        }
    }
}
