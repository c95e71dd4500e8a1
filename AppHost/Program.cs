using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerPlatform.AppHost;
using PeerPlatform.AppHost.Infrastructure;

// PeerPlatform: an Identity (OAuth) service, four domain services, the Integrations service
// (webhooks and the event feed), the partner portal and a gateway over one
// PostgreSQL server (a database per service) and RabbitMQ. See docs/running.md for the settings
// ("Infrastructure", "LocalInfrastructure", "Gateway", "Identity").
var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = PeerInfrastructure.Add(builder, ["identitydb", "referraldb", "workforcedb", "supervisiondb", "outcomesdb", "integrationsdb"]);

// A run never waits for ever: a resource that stops before the suite is up (PostgreSQL or
// RabbitMQ exiting, a migration job failing) stops the run with a message naming it, its port and
// its last output lines; so does a suite not up within Startup:TimeoutSeconds, when set.
builder.Services.AddSingleton<StartupWatch>();
if (builder.ExecutionContext.IsRunMode)
{
    builder.Eventing.Subscribe<BeforeStartEvent>((start, _) =>
    {
        start.Services.GetRequiredService<StartupWatch>().Start();
        return Task.CompletedTask;
    });
    // Once the watch has said why, the host's "Hosting failed to start" and its stack trace add nothing.
    builder.Services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Warning && !StartupWatch.AnyFailed));
}

var gatewayHttpPort = builder.Configuration.GetValue("Gateway:HttpPort", 5080);
var gatewayGrpcPort = builder.Configuration.GetValue("Gateway:GrpcPort", 5081);
// Tokens name the gateway's public address as their issuer, whatever address a client used.
var issuer = builder.Configuration["Identity:Issuer"] ?? $"http://localhost:{gatewayHttpPort}/";

var identity = infrastructure.Connect(
    builder.AddProject<Projects.PeerPlatform_Identity>("identity", launchProfileName: null)
        .WithHttpEndpoint(name: "http", env: "HTTP_PORT")
        .WithHttpHealthCheck("/health")
        .WithEnvironment("Identity__Issuer", issuer)
        // Only the local run and the tests (./peer run, LocalSuite) pass Identity:Environment=Development,
        // which loads the development clients (services/Identity/appsettings.Development.json) and a
        // throwaway signing key; any other start is Production and needs Identity__SigningKeyPath
        // and Identity__Clients__N__... from a secret store, or Identity refuses to start.
        .WithEnvironment("DOTNET_ENVIRONMENT", builder.Configuration["Identity:Environment"] ?? "Production")
        .WithEnvironment(context => ForwardSection("Identity:Clients", context))
        .WithEnvironment(context => ForwardSection("Identity:RefreshTokenReuseLeeway", context))
        // A trust's own identity providers (docs/security.md#federation).
        .WithEnvironment(context => ForwardSection("Identity:Federation", context)),
    "identitydb",
    usesBroker: false);

// Records: how long unsuccessful applicants are kept (docs/records.md).
var workforce = AddService<Projects.PeerPlatform_Workforce>("workforce", "workforcedb")
    .WithEnvironment(context => ForwardSection("Records", context));
var outcomes = AddService<Projects.PeerPlatform_Outcomes>("outcomes", "outcomesdb")
    .WithEnvironment(context => ForwardSection("Outcomes", context))
    .WithEnvironment(context => ForwardSection("Programme", context));
// Programme: targets set once for the services that measure against them (Programme:FirstContactTargetDays).
// Records: retention periods and the subject access export (docs/records.md). The export job
// calls Outcomes as its own client; in development its secret is the one in Identity's
// appsettings.Development.json, in a deployment it comes from the secret store.
var referral = AddService<Projects.PeerPlatform_Referral>("referral", "referraldb")
    .WithReference(workforce)
    .WithReference(outcomes)
    .WithEnvironment(context => ForwardSection("Programme", context))
    .WithEnvironment(context => ForwardSection("Records", context));
if (builder.Configuration["Identity:Environment"] == "Development")
{
    referral.WithEnvironment("Records__ExportClientSecret", "dev-records-export-secret-change-me");
}

var supervision = AddService<Projects.PeerPlatform_Supervision>("supervision", "supervisiondb")
    .WithEnvironment(context => ForwardSection("Supervision", context));
// Integrations: every event told to the trust's and partners' systems, by webhook and as a feed
// (Webhooks:AllowLoopback lets a local receiver be registered; docs/integrators.md).
var integrations = AddService<Projects.PeerPlatform_Integrations>("integrations", "integrationsdb")
    .WithEnvironment(context => ForwardSection("Webhooks", context))
    .WithEnvironment(context => ForwardSection("EventFeed", context));

// The partner portal: pages for people, behind the gateway at /portal, calling the APIs through
// it with the signed-in person's token. It runs in the same environment as Identity, whose
// development client it uses (portal/appsettings.Development.json); a deployment gives it
// Portal__ClientSecret from the secret store.
var portal = ValidatesTokens(builder.AddProject<Projects.PeerPlatform_Portal>("portal", launchProfileName: null)
    .WithHttpEndpoint(name: "http", env: "HTTP_PORT")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("DOTNET_ENVIRONMENT", builder.Configuration["Identity:Environment"] ?? "Production")
    .WithEnvironment("Portal__GatewayHttp", "http://localhost:" + gatewayHttpPort)
    .WithEnvironment("Portal__GatewayGrpc", "http://localhost:" + gatewayGrpcPort)
    .WithEnvironment(context => ForwardSection("Portal", context)));

// The FHIR R4 facade: FHIR resources over the services' gRPC APIs, behind the gateway at /fhir
// (docs/fhir.md). It holds no data; each call carries the caller's token to the service. Its
// links name the issuer (the gateway's public address) + "fhir".
var fhir = ValidatesTokens(builder.AddProject<Projects.PeerPlatform_Fhir>("fhir", launchProfileName: null)
    .WithHttpEndpoint(name: "http", env: "HTTP_PORT")
    .WithHttpHealthCheck("/health")
    .WithReference(referral).WithReference(outcomes).WithReference(workforce).WithReference(supervision));

ValidatesTokens(builder.AddProject<Projects.PeerPlatform_Gateway>("gateway", launchProfileName: null)
        .WithHttpEndpoint(port: gatewayHttpPort, targetPort: gatewayHttpPort, name: "http", env: "HTTP_PORT", isProxied: false)
        .WithHttpEndpoint(port: gatewayGrpcPort, targetPort: gatewayGrpcPort, name: "grpc", env: "GRPC_PORT", isProxied: false)
        .WithHttpHealthCheck("/health")
        .WithEnvironment(context => ForwardSection("Gateway:RateLimit", context)))
    .WithReference(referral).WaitFor(referral)
    .WithReference(outcomes).WaitFor(outcomes)
    .WithReference(workforce).WaitFor(workforce)
    .WithReference(supervision).WaitFor(supervision)
    .WithReference(integrations).WaitFor(integrations)
    .WithReference(portal).WaitFor(portal)
    .WithReference(fhir).WaitFor(fhir);

// Telemetry:OtlpEndpoint sends every process's traces, metrics and logs to another OTLP/HTTP
// receiver instead of the dashboard (an external backend, or a test's own receiver).
// Telemetry:QuickExport=true exports every 200 ms (metrics every second), so tests see their
// telemetry at once. Otherwise (an external backend, the benchmark) OpenTelemetry's own defaults
// apply, as in a deployment: spans every 5 s, logs every second, metrics every 60 s. They are set
// here because Aspire gives every project its development values (1 s for all three) otherwise.
if (builder.Configuration["Telemetry:OtlpEndpoint"] is { Length: > 0 } otlpEndpoint)
{
    var quickExport = builder.Configuration.GetValue<bool>("Telemetry:QuickExport");
    foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
    {
        builder.CreateResourceBuilder(project).WithEnvironment(context =>
        {
            context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
            context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            context.EnvironmentVariables["OTEL_BSP_SCHEDULE_DELAY"] = quickExport ? "200" : "5000";
            context.EnvironmentVariables["OTEL_BLRP_SCHEDULE_DELAY"] = quickExport ? "200" : "1000";
            context.EnvironmentVariables["OTEL_METRIC_EXPORT_INTERVAL"] = quickExport ? "1000" : "60000";
        });
    }
}

// Telemetry:GaugeInterval: how often every process reads its sampled gauges (outbox backlog,
// referrals by status, overdue supervision); 15 s unless set.
if (builder.Configuration["Telemetry:GaugeInterval"] is { Length: > 0 } gaugeInterval)
{
    foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
    {
        builder.CreateResourceBuilder(project).WithEnvironment("Telemetry__GaugeInterval", gaugeInterval);
    }
}

// Aspire's development environment asks OpenTelemetry to record URL query strings unredacted.
// Query strings can name people, so every project gets the redaction back (the services also
// drop url.query from their server spans in code; the personal-data end-to-end test checks both).
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates natively (the JIT, the runtime's type
// loader, sockets) an arena of its own, up to eight per core, and each keeps what it once held
// (docs/decisions/0007). A container image sets the same variable.
// ProcessEnvironment:NAME=value is set in every .NET process's environment, after the above, so it
// can override it: runtime knobs that have no runtimeconfig.json name while measuring them, or
// DOTNET_PerfMapEnabled=1 while profiling with perf (docs/operations.md).
foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
{
    builder.CreateResourceBuilder(project)
        .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION", "false")
        .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION", "false")
        .WithEnvironment("MALLOC_ARENA_MAX", "2")
        .WithEnvironment(context => ForwardSection("ProcessEnvironment", context, makePathsRelative: true));
}

var app = builder.Build();
var watch = app.Services.GetRequiredService<StartupWatch>();
try
{
    await app.RunAsync();
}
catch (OperationCanceledException) when (watch.Failed)
{
    // The watch stopped a start that could not finish; it has said why.
}

return watch.Failed ? 1 : 0;

// Passes an AppHost configuration section on to a process as environment variables
// ("Identity:Clients:10:Role" becomes "Identity__Clients__10__Role"; with makePathsRelative the
// section's own name is left out: "ProcessEnvironment:DOTNET_gcServer" becomes "DOTNET_gcServer").
void ForwardSection(string section, EnvironmentCallbackContext context, bool makePathsRelative = false)
{
    foreach (var (key, value) in builder.Configuration.GetSection(section).AsEnumerable(makePathsRelative))
    {
        if (value is not null)
        {
            context.EnvironmentVariables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
    }
}

// A service: REST/JSON and health on "http" (HTTP/1.1), native gRPC on "grpc" (HTTP/2 only),
// its own database, the broker, token validation, and readiness from /health. Replicas:<name>
// (1 unless set) runs that many copies behind the orchestrator's proxy, as a deployment's
// replicas share one address (the benchmark's scale measurement, docs/benchmarks.md).
IResourceBuilder<ProjectResource> AddService<TProject>(string name, string database) where TProject : IProjectMetadata, new() =>
    infrastructure.ConnectAsRuntimeRole(
        ValidatesTokens(builder.AddProject<TProject>(name, launchProfileName: null)
            .AfterMigrationJob<TProject>(builder, infrastructure, database)
            .WithHttpEndpoint(name: "http", env: "HTTP_PORT")
            .WithHttpEndpoint(name: "grpc", env: "GRPC_PORT")
            .WithHttpHealthCheck("/health")
            .WithReplicas(builder.Configuration.GetValue($"Replicas:{name}", 1))
            // Faults:ArmDirectory switches on the fault points the chaos suite uses; never set in a deployment.
            .WithEnvironment(context => ForwardSection("Faults", context))),
        database);

// Every process that accepts calls validates tokens itself: it finds Identity's signing keys by
// service discovery and checks the issuer.
IResourceBuilder<ProjectResource> ValidatesTokens(IResourceBuilder<ProjectResource> project)
{
    project.WithReference(identity).WaitFor(identity).WithEnvironment("Identity__Issuer", issuer);
    if (builder.Configuration["Identity:ClockSkew"] is { Length: > 0 } skew)
    {
        project.WithEnvironment("Identity__ClockSkew", skew);
    }

    return project;
}
