namespace PeerPlatform.Supervision.Domain;

public enum ConcernCategory
{
    WorkerWellbeing = 1,
    Safeguarding = 2,
    Boundaries = 3,
    TeamResistance = 4,
    Discrimination = 5,
    Practice = 6,
    Other = 7,
}

public enum ConcernUrgency
{
    Routine = 1,
    Urgent = 2,
    Immediate = 3,
}

public enum ConcernStatus
{
    Raised = 1,
    Acknowledged = 2,
}

/// <summary>
/// A supervisor's concern escalated to the trust. The trust learns that it exists, its category
/// and urgency; the notes stay with the organisation that raised it.
/// </summary>
public sealed class Concern
{
    private Concern()
    {
    }

    public Guid Id { get; private set; }

    public string OrganisationId { get; private set; } = "";

    public Guid WorkerId { get; private set; }

    public Guid? SessionId { get; private set; }

    public ConcernCategory Category { get; private set; }

    public ConcernUrgency Urgency { get; private set; }

    public ConcernStatus Status { get; private set; }

    public string Notes { get; private set; } = "";

    public DateTimeOffset RaisedAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    public static Concern Raise(string organisationId, Guid workerId, Guid? sessionId, ConcernCategory category, ConcernUrgency urgency, string notes, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrganisationId = organisationId,
        WorkerId = workerId,
        SessionId = sessionId,
        Category = category,
        Urgency = urgency,
        Status = ConcernStatus.Raised,
        Notes = notes.Trim(),
        RaisedAt = now,
    };

    /// <summary>The trust has seen it. Acknowledging twice changes nothing (a retried call is harmless).</summary>
    public void Acknowledge(string byClient, DateTimeOffset now)
    {
        if (Status == ConcernStatus.Acknowledged)
        {
            return;
        }

        Status = ConcernStatus.Acknowledged;
        AcknowledgedAt = now;
        AcknowledgedBy = byClient;
    }
}
