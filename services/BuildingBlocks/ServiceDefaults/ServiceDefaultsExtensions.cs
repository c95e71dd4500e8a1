using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PeerPlatform.ServiceDefaults.Telemetry;
using PeerPlatform.ServiceDefaults.Tuning;

namespace PeerPlatform.ServiceDefaults;

/// <summary>
/// What every PeerPlatform process (the four services and the gateway) shares: telemetry,
/// health endpoints, service discovery, HTTP resilience and its listening endpoints.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>Activity sources and meters of PeerPlatform's own code (outbox relay, consumers, domain).</summary>
    public const string PeerTelemetryPrefix = "PeerPlatform.";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddRuntimeTuning();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Plain HTTP clients get retries, timeouts and a circuit breaker. gRPC clients are
            // created with AddPeerGrpcClient, which removes this handler again: gRPC has its own
            // retry policy, and a blanket HTTP timeout would cut streaming calls.
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Every log line carries the trace and span it was written in, on the console (as scopes) as in OTLP.
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            // Formatted messages only: structured state may carry values we do not want exported.
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = false;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter("Npgsql")
                .AddMeter(PeerTelemetryPrefix + "*")
                // Each stream allocates room for its whole cardinality limit up front, per reader.
                .AddView(instrument => new MetricStreamConfiguration { CardinalityLimit = MetricCardinality.LimitFor(instrument) })
                // GET /metrics for Prometheus (see MapDefaultEndpoints), next to OTLP.
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit")
                .AddSource(PeerTelemetryPrefix + "*")
                .AddAspNetCoreInstrumentation(options =>
                {
                    // Probes would drown real requests in the trace view.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments("/health") &&
                        !context.Request.Path.StartsWithSegments("/alive");
                    // Never record query strings: they can hold identifiers of people.
                    options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                })
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// /alive: the process runs (liveness). /health: it can do its work, i.e. every check
    /// tagged "ready" (database, broker) passes (readiness). Mapped in every environment:
    /// production probes need them as much as developers do. They reveal status words only.
    /// </summary>
    /// <remarks>
    /// /metrics: the same metrics as OTLP, in Prometheus' text format. Services are reached only
    /// inside the suite's network, so theirs is open like /health; the gateway, which faces
    /// callers, passes <paramref name="metricsPolicy"/> to require an operator's token.
    /// </remarks>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, string? metricsPolicy = null)
    {
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics").DisableHttpMetrics();
        if (metricsPolicy is null)
        {
            metrics.AllowAnonymous();
        }
        else
        {
            metrics.RequireAuthorization(metricsPolicy);
        }

        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag) || check.Tags.Contains(LiveTag),
            // MassTransit reports a bus that lost its broker as Degraded while it reconnects: not
            // ready to do its work, so not 200.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).DisableHttpMetrics().AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
        }).DisableHttpMetrics().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Listens on two loopback ports: HTTP_PORT speaks HTTP/1.1 (REST/JSON, health) and
    /// GRPC_PORT speaks cleartext HTTP/2 only, because Kestrel treats a cleartext endpoint that
    /// allows both protocols as HTTP/1.1. Set BIND_ANY=true to listen on all interfaces
    /// (containers, Kubernetes). Without the variables the ASP.NET Core defaults apply.
    /// </summary>
    public static WebApplicationBuilder ConfigurePeerEndpoints(this WebApplicationBuilder builder)
    {
        var httpPort = builder.Configuration.GetValue<int?>("HTTP_PORT");
        var grpcPort = builder.Configuration.GetValue<int?>("GRPC_PORT");
        if (httpPort is null && grpcPort is null)
        {
            return builder;
        }

        var bindAny = builder.Configuration.GetValue<bool>("BIND_ANY");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            void Listen(int port, HttpProtocols protocols)
            {
                if (bindAny)
                {
                    kestrel.ListenAnyIP(port, o => o.Protocols = protocols);
                }
                else
                {
                    kestrel.ListenLocalhost(port, o => o.Protocols = protocols);
                }
            }

            if (httpPort is { } http)
            {
                Listen(http, HttpProtocols.Http1);
            }

            if (grpcPort is { } grpc)
            {
                Listen(grpc, HttpProtocols.Http2);
            }
        });
        return builder;
    }
}
