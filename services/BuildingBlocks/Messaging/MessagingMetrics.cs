using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PeerPlatform.Messaging;

/// <summary>Meters of the messaging building block ("PeerPlatform.Messaging"). Tags carry names, never data.</summary>
public static class MessagingMetrics
{
    public const string MeterName = "PeerPlatform.Messaging";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Spans of the relay and the inbox (same name as the meter; the service defaults trace every "PeerPlatform.*" source).</summary>
    internal static readonly ActivitySource ActivitySource = new(MeterName);

    /// <summary>Deliveries the inbox recognised as already applied: redeliveries and republished rows.</summary>
    public static readonly Counter<long> DuplicatesSkipped =
        Meter.CreateCounter<long>("peer.inbox.duplicates_skipped", unit: "{message}", description: "Messages a consumer had already applied");

    /// <summary>Deliveries the broker marked as redelivered (the previous delivery was never acknowledged).</summary>
    public static readonly Counter<long> Redelivered =
        Meter.CreateCounter<long>("peer.messaging.redelivered", unit: "{message}", description: "Messages the broker delivered again after an unacknowledged delivery");

    /// <summary>Messages per inbox group transaction: near 1 when idle, larger under bursts.</summary>
    public static readonly Histogram<int> InboxGroupSize = Meter.CreateHistogram(
        "peer.inbox.group_size", "{message}", "Messages claimed and committed together in one consumer transaction",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    /// <summary>How long a consumer took per delivery, by consumer and outcome (applied, duplicate, failed).</summary>
    public static readonly Histogram<double> ConsumerDuration = Meter.CreateHistogram(
        "peer.consumer.duration", "s", "Time a consumer spent on one delivery, including its transaction",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
}
