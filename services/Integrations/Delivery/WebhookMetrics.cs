using System.Diagnostics.Metrics;

namespace PeerPlatform.Integrations.Delivery;

/// <summary>Meters of webhook delivery ("PeerPlatform.Integrations"). Tags carry outcomes, never URLs or ids.</summary>
internal static class WebhookMetrics
{
    public const string MeterName = "PeerPlatform.Integrations";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Attempts by outcome: delivered, retrying, gave_up.</summary>
    public static readonly Counter<long> Attempts =
        Meter.CreateCounter<long>("peer.webhooks.attempts", unit: "{attempt}", description: "Webhook delivery attempts, by outcome");

    public static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram(
        "peer.webhooks.attempt.duration", "s", "Time a receiver took to answer one delivery attempt",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
}
