using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.ServiceDefaults.Telemetry;

namespace PeerPlatform.UnitTests.ServiceDefaults;

public sealed class MetricCardinalityTests
{
    private const string MeterName = "PeerPlatform.Tests.Cardinality";

    [Theory]
    [InlineData("http.server.request.duration", MetricCardinality.Wide)]
    [InlineData("http.client.request.duration", MetricCardinality.Wide)]
    [InlineData("db.client.operation.duration", MetricCardinality.Narrow)]
    [InlineData("messaging.masstransit.consume", MetricCardinality.Narrow)]
    [InlineData("peer.referrals.current", MetricCardinality.Narrow)]
    public void Only_http_request_metrics_get_the_wide_limit(string instrument, int expected) =>
        Assert.Equal(expected, MetricCardinality.LimitFor(instrument));

    [Fact]
    public void The_service_defaults_keep_each_stream_to_its_limit_and_mark_the_overflow()
    {
        const int combinations = 150;
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddServiceDefaults();
        var exporter = new CollectingExporter();
        using var reader = new BaseExportingMetricReader(exporter);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterName)
            .AddReader(reader));

        using var app = builder.Build();
        _ = app.Services.GetRequiredService<MeterProvider>();
        using var meter = new Meter(MeterName);
        var narrow = meter.CreateCounter<long>("peer.tests.narrow");
        var wide = meter.CreateCounter<long>("http.tests.wide");
        for (var i = 0; i < combinations; i++)
        {
            narrow.Add(1, new KeyValuePair<string, object?>("n", i));
            wide.Add(1, new KeyValuePair<string, object?>("n", i));
        }

        // This reader alone: the Prometheus reader beside it only exports when scraped.
        Assert.True(reader.Collect(5000));
        Assert.Equal(combinations, exporter.PointsOf("http.tests.wide").Count);
        var narrowPoints = exporter.PointsOf("peer.tests.narrow");
        Assert.InRange(narrowPoints.Count, MetricCardinality.Narrow - 1, MetricCardinality.Narrow + 1);
        // Nothing recorded is lost: the combinations past the limit are summed in the overflow point.
        Assert.Equal(combinations, narrowPoints.Sum(point => point.Sum));
        Assert.Contains(narrowPoints, point => point.Tags.Contains("otel.metric.overflow"));
    }

    private sealed record ExportedPoint(long Sum, IReadOnlyList<string> Tags);

    private sealed class CollectingExporter : BaseExporter<Metric>
    {
        private readonly Dictionary<string, List<ExportedPoint>> points = [];

        public IReadOnlyList<ExportedPoint> PointsOf(string instrument) => points.GetValueOrDefault(instrument) ?? [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            // The same reader also sees the runtime's and ASP.NET Core's instruments.
            foreach (var metric in batch)
            {
                if (metric.MeterName != MeterName)
                {
                    continue;
                }

                var kept = points[metric.Name] = [];
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var tags = new List<string>();
                    foreach (var tag in point.Tags)
                    {
                        tags.Add(tag.Key);
                    }

                    kept.Add(new ExportedPoint(point.GetSumLong(), tags));
                }
            }

            return ExportResult.Success;
        }
    }
}
