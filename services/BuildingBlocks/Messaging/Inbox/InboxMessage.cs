namespace PeerPlatform.Messaging.Inbox;

/// <summary>
/// Records that a consumer applied a message, written in the consumer's own transaction, so a
/// redelivered or republished message (same message id) is recognised and changes nothing.
/// </summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    public required string Consumer { get; init; }

    public required string MessageType { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }
}
