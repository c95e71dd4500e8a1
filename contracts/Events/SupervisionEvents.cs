using MassTransit;

namespace PeerPlatform.Contracts.Events.Supervision;

// Supervision events never carry confidential notes, actions or supervisors' names.

/// <summary>A supervision session took place; it counts towards compliance for every attendee.</summary>
[MessageUrn("peer.supervision.v1:supervision-session-held")]
[EntityName("peer.supervision.v1.supervision-session-held")]
public sealed record SupervisionSessionHeld(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid SessionId,
    string OrganisationId,
    bool IsGroup,
    DateOnly HeldOn,
    int DurationMinutes,
    IReadOnlyList<Guid> WorkerIds,
    IReadOnlyList<string> Themes) : IIntegrationEvent;

/// <summary>
/// A worker passed their agreement's supervision frequency without a held session. Raised once per
/// episode: again only after a session is held and the worker falls behind once more.
/// </summary>
[MessageUrn("peer.supervision.v1:supervision-overdue")]
[EntityName("peer.supervision.v1.supervision-overdue")]
public sealed record SupervisionOverdue(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AgreementId,
    Guid WorkerId,
    string OrganisationId,
    int FrequencyDays,
    DateOnly? LastHeldOn,
    DateOnly OverdueSince) : IIntegrationEvent;

/// <summary>A partner organisation escalated a concern about a worker to the trust (category and urgency only).</summary>
[MessageUrn("peer.supervision.v1:supervision-concern-raised")]
[EntityName("peer.supervision.v1.supervision-concern-raised")]
public sealed record SupervisionConcernRaised(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid ConcernId,
    string OrganisationId,
    Guid WorkerId,
    string Category,
    string Urgency) : IIntegrationEvent;

/// <summary>An organisation started supervising a worker.</summary>
[MessageUrn("peer.supervision.v1:supervision-agreement-started")]
[EntityName("peer.supervision.v1.supervision-agreement-started")]
public sealed record SupervisionAgreementStarted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AgreementId,
    Guid WorkerId,
    string OrganisationId,
    int FrequencyDays,
    DateOnly StartsOn) : IIntegrationEvent;

/// <summary>An agreement ended (arrangement changed, the worker left, ...).</summary>
[MessageUrn("peer.supervision.v1:supervision-agreement-ended")]
[EntityName("peer.supervision.v1.supervision-agreement-ended")]
public sealed record SupervisionAgreementEnded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AgreementId,
    Guid WorkerId,
    string OrganisationId,
    DateOnly EndsOn,
    string Reason) : IIntegrationEvent;
