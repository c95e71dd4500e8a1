namespace PeerPlatform.Messaging.Outbox;

/// <summary>
/// An integration event stored in the same transaction as the change that caused it, and
/// relayed to the broker after commit. The row id is the event id and the message id.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    /// <summary>The event's stable message URN, e.g. "peer.referral.v1:referral-received".</summary>
    public required string MessageType { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>W3C traceparent of the request that wrote the event, so the consumer joins its trace.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Exception type of the last failed publish; never a message text (could echo data).</summary>
    public string? LastError { get; set; }
}
