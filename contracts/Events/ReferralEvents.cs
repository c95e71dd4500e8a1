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

/// <summary>
/// A client's details were corrected. Fields names what changed ("family_name", "nhs_number", …);
/// the values never travel: a system that needs them reads the client.
/// </summary>
[MessageUrn("peer.referral.v1:client-details-corrected")]
[EntityName("peer.referral.v1.client-details-corrected")]
public sealed record ClientDetailsCorrected(Guid EventId, DateTimeOffset OccurredAt, Guid ClientId, IReadOnlyList<string> Fields) : IIntegrationEvent;

/// <summary>Two records were found to be one person: the source client's referrals now belong to the target.</summary>
[MessageUrn("peer.referral.v1:clients-merged")]
[EntityName("peer.referral.v1.clients-merged")]
public sealed record ClientsMerged(Guid EventId, DateTimeOffset OccurredAt, Guid MergeId, Guid SourceClientId, Guid TargetClientId, IReadOnlyList<Guid> ReferralIds) : IIntegrationEvent;

/// <summary>A merge was undone: the referrals it moved belong to the source client again.</summary>
[MessageUrn("peer.referral.v1:client-merge-undone")]
[EntityName("peer.referral.v1.client-merge-undone")]
public sealed record ClientMergeUndone(Guid EventId, DateTimeOffset OccurredAt, Guid MergeId, Guid SourceClientId, Guid TargetClientId, IReadOnlyList<Guid> ReferralIds) : IIntegrationEvent;

/// <summary>
/// Every service must now remove the client's personal data (docs/records.md): the retention
/// period ended or an erasure request was granted. Basis is a code ("retention_expired",
/// "erasure_request"). Aggregates built from the records stay; links to the person do not.
/// </summary>
[MessageUrn("peer.referral.v1:client-records-erased")]
[EntityName("peer.referral.v1.client-records-erased")]
public sealed record ClientRecordsErased(Guid EventId, DateTimeOffset OccurredAt, Guid ClientId, IReadOnlyList<Guid> ReferralIds, string Basis) : IIntegrationEvent;
