using PeerPlatform.SharedKernel;

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
    public const int MaxGroupSize = 20;

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

    /// <summary>The workers expected while scheduled; those who attended once held.</summary>
    public List<Guid> AttendeeWorkerIds { get; private set; } = [];

    /// <summary>Scheduled for a group session but absent; no credit towards compliance.</summary>
    public List<Guid> AbsentWorkerIds { get; private set; } = [];

    public List<SupervisionTheme> Themes { get; private set; } = [];

    public string ConfidentialNotes { get; private set; } = "";

    /// <summary>Agreed follow-up actions; confidential to the organisation like the notes.</summary>
    public List<SessionAction> Actions { get; private set; } = [];

    public string? CancellationReason { get; private set; }

    public bool HasConfidentialContent => ConfidentialNotes.Length > 0 || Actions.Count > 0;

    /// <summary>The facts compliance needs, once the session is held.</summary>
    public HeldSession? AsHeld() => Status == SessionStatus.Held ? new HeldSession(PartnerOrganisationId, ScheduledFor, AttendeeWorkerIds) : null;

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

        if (kind == SessionKind.Group && distinct.Count is < 2 or > MaxGroupSize)
        {
            throw new DomainRuleViolationException($"A group session has between 2 and {MaxGroupSize} workers.");
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
    public void MarkHeld(
        IEnumerable<SupervisionTheme> themes, string notes, DateTimeOffset now, IEnumerable<(string Description, DateOnly DueOn)>? actions = null, IReadOnlyCollection<Guid>? absent = null)
    {
        RequireScheduled();
        var absentees = (absent ?? []).Distinct().ToList();
        var strangers = absentees.Except(AttendeeWorkerIds).ToList();
        if (strangers.Count > 0)
        {
            throw new DomainRuleViolationException($"Worker {strangers[0]} was not scheduled for this session.");
        }

        if (absentees.Count > 0 && Kind == SessionKind.Individual)
        {
            throw new DomainRuleViolationException("An individual session without its worker was missed, not held.");
        }

        if (absentees.Count >= AttendeeWorkerIds.Count)
        {
            throw new DomainRuleViolationException("A session nobody attended was missed, not held.");
        }

        if (ScheduledFor > now)
        {
            throw new DomainRuleViolationException("A session cannot be held before its time.");
        }

        var heldOn = Compliance.LocalDate(ScheduledFor);
        var agreed = (actions ?? []).ToList();
        if (agreed.Any(a => a.DueOn < heldOn))
        {
            throw new DomainRuleViolationException("An action cannot be due before the session it was agreed in.");
        }

        Status = SessionStatus.Held;
        AttendeeWorkerIds = AttendeeWorkerIds.Except(absentees).ToList();
        AbsentWorkerIds = absentees;
        Themes = themes.Distinct().Order().ToList();
        ConfidentialNotes = notes.Trim();
        Actions = agreed.Select(a => new SessionAction { Id = Guid.CreateVersion7(now), Description = a.Description.Trim(), DueOn = a.DueOn }).ToList();
    }

    public void CompleteAction(Guid actionId, DateOnly completedOn)
    {
        var action = Actions.SingleOrDefault(a => a.Id == actionId) ?? throw new NotFoundException("Action", actionId.ToString());
        if (action.CompletedOn is not null)
        {
            throw new DomainRuleViolationException("The action is already complete.");
        }

        if (completedOn < Compliance.LocalDate(ScheduledFor))
        {
            throw new DomainRuleViolationException("An action cannot be completed before the session it was agreed in.");
        }

        action.CompletedOn = completedOn;
    }

    public void Cancel(string? reason = null)
    {
        Close(SessionStatus.Cancelled);
        CancellationReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

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

/// <summary>A follow-up agreed in a session, with its due date.</summary>
public sealed class SessionAction
{
    public Guid Id { get; init; }

    public string Description { get; init; } = "";

    public DateOnly DueOn { get; init; }

    public DateOnly? CompletedOn { get; set; }
}
