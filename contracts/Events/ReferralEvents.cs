using MassTransit;

namespace PeerPlatform.Contracts.Events.Referral;

/// <summary>
/// A referral was received for a client. Source and priority use stable lower-case codes.
/// ReceivedAt is when the trust received it (earlier than OccurredAt for a referral recorded after
/// the fact); absent in events from before it was added, meaning OccurredAt.
/// </summary>
[MessageUrn("peer.referral.v1:referral-received")]
[EntityName("peer.referral.v1.referral-received")]
public sealed record ReferralReceived(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid ReferralId,
    Guid ClientId,
    string Source,
    string Priority,
    DateTimeOffset? ReceivedAt = null) : IIntegrationEvent;

/// <summary>The client was told about peer support. Method is a code ("in_person", "phone", "video", "written").</summary>
[MessageUrn("peer.referral.v1:information-given")]
[EntityName("peer.referral.v1.information-given")]
public sealed record InformationGiven(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ClientId, DateOnly GivenOn, string Method) : IIntegrationEvent;

/// <summary>The client consented (or declined: Consented = false).</summary>
[MessageUrn("peer.referral.v1:consent-recorded")]
[EntityName("peer.referral.v1.consent-recorded")]
public sealed record ConsentRecorded(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ClientId, bool Consented) : IIntegrationEvent;

[MessageUrn("peer.referral.v1:consent-withdrawn")]
[EntityName("peer.referral.v1.consent-withdrawn")]
public sealed record ConsentWithdrawn(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ClientId) : IIntegrationEvent;

[MessageUrn("peer.referral.v1:referral-accepted")]
[EntityName("peer.referral.v1.referral-accepted")]
public sealed record ReferralAccepted(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ClientId) : IIntegrationEvent;

/// <summary>Declined by the client ("client_declined") or not accepted at triage ("not_accepted"). No free-text reason travels.</summary>
[MessageUrn("peer.referral.v1:referral-declined")]
[EntityName("peer.referral.v1.referral-declined")]
public sealed record ReferralDeclined(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ClientId, string Outcome) : IIntegrationEvent;

[MessageUrn("peer.referral.v1:referral-withdrawn")]
[EntityName("peer.referral.v1.referral-withdrawn")]
public sealed record ReferralWithdrawn(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ClientId) : IIntegrationEvent;

/// <summary>The first contact happened: the engagement starts.</summary>
[MessageUrn("peer.referral.v1:engagement-started")]
[EntityName("peer.referral.v1.engagement-started")]
public sealed record EngagementStarted(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ClientId, Guid? WorkerId, DateTimeOffset FirstContactAt, DateTimeOffset ReferredAt) : IIntegrationEvent;

/// <summary>A contact happened; mode is a code, duration in minutes. Notes never travel.</summary>
[MessageUrn("peer.referral.v1:peer-contact-recorded")]
[EntityName("peer.referral.v1.peer-contact-recorded")]
public sealed record PeerContactRecorded(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ContactId, DateTimeOffset ContactAt, int DurationMinutes, string Mode) : IIntegrationEvent;

/// <summary>The engagement ended; reason is a code ("goals_met", "consent_withdrawn", …).</summary>
[MessageUrn("peer.referral.v1:engagement-ended")]
[EntityName("peer.referral.v1.engagement-ended")]
public sealed record EngagementEnded(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ClientId, Guid? WorkerId, string Reason) : IIntegrationEvent;

/// <summary>A peer worker's caseload slot was reserved for the referral.</summary>
[MessageUrn("peer.referral.v1:peer-worker-assigned")]
[EntityName("peer.referral.v1.peer-worker-assigned")]
public sealed record PeerWorkerAssigned(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ClientId, Guid WorkerId) : IIntegrationEvent;
