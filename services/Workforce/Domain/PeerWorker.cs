using PeerPlatform.SharedKernel;

namespace PeerPlatform.Workforce.Domain;

public enum EmploymentStatus
{
    Active = 1,
    OnLeave = 2,
    Left = 3,
}

/// <summary>What a client may prefer in a peer worker, and what a worker offers.</summary>
public sealed record MatchingAttributes(string Gender, IReadOnlyList<string> Languages, IReadOnlyList<string> LivedExperienceAreas, IReadOnlyList<string> Localities);

/// <summary>
/// An employed peer support worker. Capacity comes from contracted hours (see
/// <see cref="CaseloadPolicy"/>); <see cref="CurrentCaseload"/> counts reserved slots, and the
/// database enforces that it never exceeds capacity.
/// </summary>
public sealed class PeerWorker
{
    private PeerWorker()
    {
    }

    public Guid Id { get; private set; }

    public Guid TeamId { get; private set; }

    public Guid? ApplicantId { get; private set; }

    public decimal ContractedHours { get; private set; }

    public DateOnly StartDate { get; private set; }

    public EmploymentStatus Status { get; private set; }

    public DateOnly? LeftOn { get; private set; }

    public string? LeavingReason { get; private set; }

    public int Capacity { get; private set; }

    public int CurrentCaseload { get; private set; }

    /// <summary>All current mandatory training complete (kept in step by the training feature).</summary>
    public bool TrainingComplete { get; private set; }

    public string Gender { get; private set; } = "";

    public List<string> Languages { get; private set; } = [];

    public List<string> LivedExperienceAreas { get; private set; } = [];

    public List<string> Localities { get; private set; } = [];

    public int FreeCapacity => Math.Max(0, Capacity - CurrentCaseload);

    /// <summary>Takes clients: active, trained, with a free slot.</summary>
    public bool IsAvailable => Status == EmploymentStatus.Active && TrainingComplete && FreeCapacity > 0;

    public static PeerWorker Hire(Guid teamId, Guid? applicantId, decimal contractedHours, DateOnly startDate, MatchingAttributes attributes, CaseloadPolicy policy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TeamId = teamId,
        ApplicantId = applicantId,
        ContractedHours = contractedHours,
        StartDate = startDate,
        Status = EmploymentStatus.Active,
        Capacity = policy.CapacityFor(contractedHours),
        Gender = attributes.Gender.Trim().ToLowerInvariant(),
        Languages = Normalise(attributes.Languages),
        LivedExperienceAreas = Normalise(attributes.LivedExperienceAreas),
        Localities = Normalise(attributes.Localities),
    };

    /// <summary>Returns true when this change made the worker ready.</summary>
    public bool UpdateTrainingComplete(bool complete)
    {
        var becameReady = complete && !TrainingComplete;
        TrainingComplete = complete;
        return becameReady;
    }

    public void ChangeStatus(EmploymentStatus status)
    {
        if (Status == EmploymentStatus.Left)
        {
            throw new DomainRuleViolationException("A worker who has left cannot change status; rehire them instead.");
        }

        if (status == EmploymentStatus.Left)
        {
            throw new DomainRuleViolationException("Use RecordLeaving to record that a worker has left.");
        }

        Status = status;
    }

    /// <summary>Records leaving. The caller releases every reservation, so the caseload drops to zero.</summary>
    public void Leave(DateOnly leftOn, string reason)
    {
        if (Status == EmploymentStatus.Left)
        {
            throw new DomainRuleViolationException("The worker has already left.");
        }

        if (leftOn < StartDate)
        {
            throw new DomainRuleViolationException("A worker cannot leave before they started.");
        }

        Status = EmploymentStatus.Left;
        LeftOn = leftOn;
        LeavingReason = reason.Trim();
        CurrentCaseload = 0;
    }

    private static List<string> Normalise(IEnumerable<string> values) =>
        values.Select(v => v.Trim().ToLowerInvariant()).Where(v => v.Length > 0).Distinct().Order().ToList();
}

/// <summary>How many clients a worker can hold: contracted hours × clients per hour, rounded down.</summary>
public sealed record CaseloadPolicy(decimal ClientsPerContractedHour)
{
    public static CaseloadPolicy Default { get; } = new(0.25m); // 37.5 h → 9 clients

    public int CapacityFor(decimal contractedHours) => (int)Math.Floor(contractedHours * ClientsPerContractedHour);
}
