using PeerPlatform.Contracts.Events.Referral;

namespace PeerPlatform.Outcomes.ReadModels;

/// <summary>
/// Read model: one row per referral, filled in by whichever of Referral's events arrive, in any
/// order. Every field is set by exactly one kind of event, so applying events in a different
/// order, or twice, gives the same row. Ids, dates and codes only.
/// </summary>
public sealed class ReferralProgress
{
    public Guid ReferralId { get; init; }

    public Guid? ClientId { get; set; }

    public string? Source { get; set; }

    public string? Priority { get; set; }

    public DateTimeOffset? ReceivedAt { get; set; }

    public DateOnly? InformationGivenOn { get; set; }

    public bool? Consented { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>"client_declined" or "not_accepted".</summary>
    public string? DeclineOutcome { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public Guid? WorkerId { get; set; }

    /// <summary>When the current worker was assigned: a late-arriving older assignment does not replace a newer one.</summary>
    public DateTimeOffset? WorkerAssignedAt { get; set; }

    public DateTimeOffset? FirstContactAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? EndReason { get; set; }

    public void Apply(ReferralReceived message)
    {
        ClientId = message.ClientId;
        Source = message.Source;
        Priority = message.Priority;
        ReceivedAt = message.ReceivedAt ?? message.OccurredAt;
    }

    public void Apply(InformationGiven message)
    {
        ClientId = message.ClientId;
        InformationGivenOn = message.GivenOn;
    }

    public void Apply(ConsentRecorded message)
    {
        ClientId = message.ClientId;
        Consented = message.Consented;
    }

    public void Apply(ReferralAccepted message)
    {
        ClientId = message.ClientId;
        AcceptedAt = message.OccurredAt;
    }

    public void Apply(ReferralDeclined message)
    {
        ClientId = message.ClientId;
        DeclineOutcome = message.Outcome;
    }

    public void Apply(ReferralWithdrawn message)
    {
        ClientId = message.ClientId;
        WithdrawnAt = message.OccurredAt;
    }

    // A re-match after a worker leaves assigns a new worker; the latest assignment wins by time, not arrival.
    public void Apply(PeerWorkerAssigned message)
    {
        ClientId = message.ClientId;
        if (WorkerAssignedAt is null || message.OccurredAt >= WorkerAssignedAt)
        {
            WorkerId = message.WorkerId;
            WorkerAssignedAt = message.OccurredAt;
        }
    }

    // One engagement keeps one start: the earliest first contact wins, whatever order the events
    // arrive in (a referral re-matched before this fix emitted a second start).
    public void Apply(EngagementStarted message)
    {
        ClientId = message.ClientId;
        if (FirstContactAt is null || message.FirstContactAt < FirstContactAt)
        {
            FirstContactAt = message.FirstContactAt;
        }

        ReceivedAt ??= message.ReferredAt;
        if (WorkerAssignedAt is null && message.WorkerId is { } workerId)
        {
            WorkerId = workerId;
        }
    }

    public void Apply(EngagementEnded message)
    {
        ClientId = message.ClientId;
        EndedAt = message.OccurredAt;
        EndReason = message.Reason;
        if (WorkerAssignedAt is null && message.WorkerId is { } workerId)
        {
            WorkerId = workerId;
        }
    }
}
