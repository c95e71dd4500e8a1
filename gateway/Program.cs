using System.Text.Json.Nodes;
using PeerPlatform.Gateway.OpenApi;
using PeerPlatform.ServiceDefaults;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();

app.MapDefaultEndpoints();

// One OpenAPI document for the whole REST API, generated from the protos at start-up.
var openApiJson = ProtoOpenApiDocument.Build(PublishedApis.Services, "PeerPlatform API", "v1").ToJsonString();
app.MapGet("/openapi/v1.json", () => Results.Text(openApiJson, "application/json")).ExcludeFromDescription();
app.MapScalarApiReference("/docs", options => options
    .WithTitle("PeerPlatform API reference")
    .WithOpenApiRoutePattern("/openapi/{documentName}.json"));

app.MapReverseProxy();

app.Run();
