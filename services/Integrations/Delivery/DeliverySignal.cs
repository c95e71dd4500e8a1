using PeerPlatform.Messaging;

namespace PeerPlatform.Integrations.Delivery;

/// <summary>Wakes the dispatcher when an event's deliveries have committed, instead of waiting for its poll.</summary>
internal sealed class DeliverySignal : WakeSignal;
