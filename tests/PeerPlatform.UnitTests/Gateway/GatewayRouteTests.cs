using System.Text.Json.Nodes;
using PeerPlatform.Gateway.OpenApi;

namespace PeerPlatform.UnitTests.Gateway;

public sealed class GatewayRouteTests
{
    private static readonly JsonObject ReverseProxy = JsonNode.Parse(
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "gateway", "appsettings.json")))!["ReverseProxy"]!.AsObject();

    [Fact]
    public void Every_published_service_has_a_native_grpc_route_to_an_http2_cluster()
    {
        var routes = ReverseProxy["Routes"]!.AsObject();
        var clusters = ReverseProxy["Clusters"]!.AsObject();
        foreach (var service in PublishedApis.Services)
        {
            var route = routes.Select(r => r.Value!).SingleOrDefault(r => r["Match"]!["Path"]!.GetValue<string>() == $"/{service.FullName}/{{method}}");
            Assert.True(route is not null, $"no gRPC route for {service.FullName}");
            var cluster = clusters[route!["ClusterId"]!.GetValue<string>()]!;
            Assert.Equal("2", cluster["HttpRequest"]!["Version"]!.GetValue<string>());
            Assert.Equal("RequestVersionExact", cluster["HttpRequest"]!["VersionPolicy"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Every_rest_path_in_the_protos_is_covered_by_a_gateway_route()
    {
        var prefixes = ReverseProxy["Routes"]!.AsObject()
            .Select(r => r.Value!["Match"]!["Path"]!.GetValue<string>())
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .Select(p => p.Replace("/{**rest}", "", StringComparison.Ordinal))
            .ToList();
        var paths = ProtoOpenApiDocument.Build(PublishedApis.Services, "t", "v1")["paths"]!.AsObject().Select(p => p.Key);

        foreach (var path in paths)
        {
            Assert.True(prefixes.Any(prefix => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)), $"{path} has no gateway route");
        }
    }
}
