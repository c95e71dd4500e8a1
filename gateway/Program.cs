using Microsoft.AspNetCore.HttpOverrides;
using PeerPlatform.Gateway.OpenApi;
using PeerPlatform.Gateway.Routing;
using PeerPlatform.Gateway.Security;
using PeerPlatform.Gateway.Telemetry;
using PeerPlatform.Security;
using PeerPlatform.ServiceDefaults;
using Scalar.AspNetCore;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigurePeerEndpoints();
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Gateway:MaxRequestBodyBytes", 1024 * 1024));
builder.AddServiceDefaults();
builder.AddPeerAuthentication();
builder.Services.AddRefusalLog();
builder.Services.AddCallerRateLimiting(builder.Configuration);
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .AddConfigFilter<PassiveHealthChecks>()
    .AddTransforms(transforms => transforms.AddRequestTransform(context =>
    {
        IdentityHeaders.Strip(context);
        return ValueTask.CompletedTask;
    }));

var app = builder.Build();

// Behind an ingress that ends TLS, trust its X-Forwarded-For/-Proto (Gateway:TrustForwardedHeaders),
// so rate limits count the caller's address and Identity sees the original https scheme.
if (app.Configuration.GetValue("Gateway:TrustForwardedHeaders", false))
{
    var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
    forwarded.KnownIPNetworks.Clear();
    forwarded.KnownProxies.Clear();
    app.UseForwardedHeaders(forwarded);
}

RouteSecurity.Validate(app.Services.GetRequiredService<IProxyConfigProvider>().GetConfig().Routes);

app.UseTraceResponseHeader();
app.UseErrorBodies(("/fhir", FhirErrorBodies.ContentType, FhirErrorBodies.Outcome));
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapDefaultEndpoints(metricsPolicy: PeerPolicies.Operator);

// One OpenAPI document for the whole REST API, generated from the protos at start-up; public,
// like the API reference page, since integrators read them before they have a token.
var openApiJson = PublishedApis.Document().ToJsonString();
app.MapGet("/openapi/v1.json", () => Results.Text(openApiJson, "application/json")).ExcludeFromDescription().AllowAnonymous();
// The page sends nothing outside the trust: its script is served by the gateway, and Scalar's
// cloud features (Ask AI, MCP, SDK generation and deploy buttons, its client app, telemetry) and
// its web fonts are switched off.
app.MapScalarApiReference("/docs", options => options
    .WithTitle("PeerPlatform API reference")
    .WithOpenApiRoutePattern("/openapi/{documentName}.json")
    .DisableAgent()
    .DisableMcp()
    .HideDeveloperTools()
    .HideClientButton()
    .DisableTelemetry()
    .DisableDefaultFonts()).AllowAnonymous();

app.MapReverseProxy();

app.Run();
