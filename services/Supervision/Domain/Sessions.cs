using PeerPlatform.ServiceDefaults.Grpc;

namespace PeerPlatform.Supervision.Domain;

public enum SessionStatus
{
    Scheduled = 1,
    Held = 2,
    Cancelled = 3,
    Missed = 4,
}

public enum SessionKind
{
    Individual = 1,
    Group = 2,
}

public enum SupervisionTheme
{
    Boundaries = 1,
    Wellbeing = 2,
    RoleClarity = 3,
    TeamResistance = 4,
    Discrimination = 5,
    Safeguarding = 6,
    Other = 7,
}

/// <summary>
/// A supervision session run by a partner organisation for one worker (individual) or several
/// (group). Its notes are confidential to the organisation; only held sessions count towards
/// compliance, for every attendee.
/// </summary>
public sealed class SupervisionSession
{
    private SupervisionSession()
    {
    }

    public Guid Id { get; private set; }

    public string PartnerOrganisationId { get; private set; } = "";

    public Guid SupervisorId { get; private set; }

    public SessionKind Kind { get; private set; }

    public DateTimeOffset ScheduledFor { get; private set; }

    public int DurationMinutes { get; private set; }

    public SessionStatus Status { get; private set; }

    public List<Guid> AttendeeWorkerIds { get; private set; } = [];

    public List<SupervisionTheme> Themes { get; private set; } = [];

    public string ConfidentialNotes { get; private set; } = "";

    public static SupervisionSession Schedule(string organisationId, Guid supervisorId, SessionKind kind, DateTimeOffset scheduledFor, int durationMinutes, IReadOnlyCollection<Guid> attendees, DateTimeOffset now)
    {
        var distinct = attendees.Distinct().ToList();
        if (distinct.Count == 0)
        {
            throw new DomainRuleViolationException("A session needs at least one worker.");
        }

        if (kind == SessionKind.Individual && distinct.Count != 1)
        {
            throw new DomainRuleViolationException("An individual session has exactly one worker; use a group session for several.");
        }

        if (durationMinutes is < 10 or > 480)
        {
            throw new DomainRuleViolationException("A session lasts between 10 and 480 minutes.");
        }

        return new SupervisionSession
        {
            Id = Guid.CreateVersion7(now),
            PartnerOrganisationId = organisationId,
            SupervisorId = supervisorId,
            Kind = kind,
            ScheduledFor = scheduledFor,
            DurationMinutes = durationMinutes,
            Status = SessionStatus.Scheduled,
            AttendeeWorkerIds = distinct,
        };
    }

    /// <summary>Records that the session took place, with its themes and confidential notes.</summary>
    public void MarkHeld(IEnumerable<SupervisionTheme> themes, string notes, DateTimeOffset now)
    {
        RequireScheduled();
        if (ScheduledFor > now)
        {
            throw new DomainRuleViolationException("A session cannot be held before its time.");
        }

        Status = SessionStatus.Held;
        Themes = themes.Distinct().ToList();
        ConfidentialNotes = notes.Trim();
    }

    public void Cancel() => Close(SessionStatus.Cancelled);

    public void MarkMissed(DateTimeOffset now)
    {
        if (ScheduledFor > now)
        {
            throw new DomainRuleViolationException("A session cannot be missed before its time.");
        }

        Close(SessionStatus.Missed);
    }

    private void Close(SessionStatus status)
    {
        RequireScheduled();
        Status = status;
    }

    private void RequireScheduled()
    {
        if (Status != SessionStatus.Scheduled)
        {
            throw new DomainRuleViolationException($"The session is already {Status}.");
        }
    }
}
