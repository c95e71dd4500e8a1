namespace PeerPlatform.Messaging.Outbox;

/// <summary>Wakes the relay as soon as a transaction with outbox rows commits (<see cref="OutboxCommitListener{TDbContext}"/>), instead of waiting for its poll.</summary>
public sealed class OutboxSignal : WakeSignal;
