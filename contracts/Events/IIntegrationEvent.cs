namespace PeerPlatform.Contracts.Events;

/// <summary>
/// An event one service publishes for others. Events carry ids, codes and dates only:
/// never names, NHS numbers or notes, so nothing personal travels through the broker.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique per event; becomes the message id, so consumers can deduplicate.</summary>
    Guid EventId { get; }

    DateTimeOffset OccurredAt { get; }
}
