using MassTransit;

namespace PeerPlatform.Contracts.Events.Workforce;

/// <summary>An applicant was hired: a new peer worker exists (not yet ready for clients unless trained).</summary>
[MessageUrn("peer.workforce.v1:peer-worker-hired")]
[EntityName("peer.workforce.v1.peer-worker-hired")]
public sealed record PeerWorkerHired(Guid EventId, DateTimeOffset OccurredAt, Guid WorkerId, Guid TeamId, decimal ContractedHours, int Capacity, DateOnly StartDate) : IIntegrationEvent;

/// <summary>A worker completed every mandatory module and can take clients.</summary>
[MessageUrn("peer.workforce.v1:peer-worker-ready")]
[EntityName("peer.workforce.v1.peer-worker-ready")]
public sealed record PeerWorkerReady(Guid EventId, DateTimeOffset OccurredAt, Guid WorkerId, Guid TeamId) : IIntegrationEvent;

/// <summary>A worker left; every caseload slot was released and these referrals need re-matching.</summary>
[MessageUrn("peer.workforce.v1:peer-worker-left")]
[EntityName("peer.workforce.v1.peer-worker-left")]
public sealed record PeerWorkerLeft(Guid EventId, DateTimeOffset OccurredAt, Guid WorkerId, Guid TeamId, DateOnly LeftOn, IReadOnlyList<Guid> ReleasedReferralIds) : IIntegrationEvent;

/// <summary>A team received recovery-focused training.</summary>
[MessageUrn("peer.workforce.v1:team-training-delivered")]
[EntityName("peer.workforce.v1.team-training-delivered")]
public sealed record TeamTrainingDelivered(Guid EventId, DateTimeOffset OccurredAt, Guid TeamId, DateOnly DeliveredOn, int Attendees) : IIntegrationEvent;
