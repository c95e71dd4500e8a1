using System.Diagnostics.Metrics;

namespace PeerPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// How many attribute combinations each metric stream keeps. OpenTelemetry allocates room for the
/// whole limit when a stream is created, once per reader (OTLP and Prometheus here), so a limit
/// far above what is used costs memory in every process (docs/decisions/0009). Most instruments
/// carry a few bounded attributes (a pool, a GC generation, a message type); only HTTP request
/// metrics multiply routes by methods by status codes, so only they get the wide limit.
/// </summary>
public static class MetricCardinality
{
    /// <summary>For HTTP request metrics (<c>http.server.*</c>, <c>http.client.*</c>): route × method × status.</summary>
    public const int Wide = 500;

    /// <summary>For every other instrument.</summary>
    public const int Narrow = 100;

    /// <remarks>
    /// Past its limit a stream adds new combinations to one point marked
    /// <c>otel.metric.overflow=true</c>: an instrument showing it has an unbounded attribute.
    /// </remarks>
    public static int LimitFor(Instrument instrument) => LimitFor(instrument.Name);

    public static int LimitFor(string instrumentName) =>
        instrumentName.StartsWith("http.", StringComparison.Ordinal) ? Wide : Narrow;
}
