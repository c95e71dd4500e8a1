using MassTransit;

namespace PeerPlatform.Contracts.Events.Referral;

/// <summary>A referral was received for a client. Source and priority use stable lower-case codes.</summary>
[MessageUrn("peer.referral.v1:referral-received")]
[EntityName("peer.referral.v1.referral-received")]
public sealed record ReferralReceived(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid ReferralId,
    Guid ClientId,
    string Source,
    string Priority) : IIntegrationEvent;
