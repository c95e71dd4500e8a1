using Microsoft.Extensions.Configuration;
using PeerPlatform.Gateway.Security;
using PeerPlatform.Security;
using Yarp.ReverseProxy.Configuration;

namespace PeerPlatform.UnitTests.Security;

public sealed class RouteSecurityTests
{
    [Fact]
    public void A_route_without_a_policy_stops_the_gateway_from_starting()
    {
        RouteConfig[] routes =
        [
            new() { RouteId = "secured", ClusterId = "c", AuthorizationPolicy = PeerPolicies.Integrator, Match = new RouteMatch { Path = "/a" } },
            new() { RouteId = "forgotten", ClusterId = "c", Match = new RouteMatch { Path = "/b" } },
        ];

        var exception = Assert.Throws<InvalidOperationException>(() => RouteSecurity.Validate(routes));
        Assert.Contains("forgotten", exception.Message);
        Assert.DoesNotContain("'secured'", exception.Message);
    }

    [Fact]
    public void A_route_naming_an_unknown_policy_stops_the_gateway_from_starting()
    {
        RouteConfig[] routes = [new() { RouteId = "typo", ClusterId = "c", AuthorizationPolicy = "integrater", Match = new RouteMatch { Path = "/a" } }];
        Assert.Throws<InvalidOperationException>(() => RouteSecurity.Validate(routes));
    }

    [Fact]
    public void Every_configured_gateway_route_names_a_known_policy()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "gateway", "appsettings.json"))
            .Build();
        var routes = configuration.GetSection("ReverseProxy:Routes").GetChildren()
            .Select(section => new RouteConfig
            {
                RouteId = section.Key,
                ClusterId = section["ClusterId"],
                AuthorizationPolicy = section["AuthorizationPolicy"],
                Match = new RouteMatch { Path = section["Match:Path"] },
            })
            .ToList();

        Assert.True(routes.Count >= 9);
        RouteSecurity.Validate(routes); // throws if any route is unsecured
        Assert.All(routes.Where(r => r.AuthorizationPolicy == RouteSecurity.Anonymous),
            // The token endpoint, key discovery, the sign-in flow and pages (a person is not signed
            // in yet), the portal, which signs people in itself and calls the APIs with their token,
            // and FHIR's capability statement, which clients read before they have a token.
            r => Assert.True(r.Match.Path is "/connect/token" or "/.well-known/{**rest}" or "/connect/{**rest}" or "/account/{**rest}" or "/portal/{**rest}" or "/fhir/metadata", $"{r.RouteId} is public"));
    }
}
