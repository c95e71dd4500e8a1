using PeerPlatform.SharedKernel;

namespace PeerPlatform.Workforce.Domain;

public enum ServiceLine
{
    AdultCommunity = 1,
    Inpatient = 2,
    OlderPeople = 3,
    Specialist = 4,
}

/// <summary>
/// A mental-health team that hosts peer workers. The seed's second challenge was teams that did
/// not understand the role; a team is ready for peer workers only once it has had
/// recovery-focused training and has agreed the peer worker role description.
/// </summary>
public sealed class Team
{
    private Team()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Locality { get; private set; } = "";

    public ServiceLine ServiceLine { get; private set; }

    public DateOnly? TrainingDeliveredOn { get; private set; }

    public int TrainingAttendees { get; private set; }

    public string? RoleDescriptionVersion { get; private set; }

    public DateOnly? RoleDescriptionAgreedOn { get; private set; }

    public string? RoleDescriptionAgreedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsReadyForPeerWorkers => TrainingDeliveredOn is not null && RoleDescriptionAgreedOn is not null;

    public static Team Create(string name, string locality, ServiceLine serviceLine, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = name.Trim(),
        Locality = locality.Trim(),
        ServiceLine = serviceLine,
        CreatedAt = now,
    };

    /// <summary>Records recovery-focused training; a later session replaces an earlier one.</summary>
    public void RecordTrainingDelivered(DateOnly deliveredOn, int attendees, DateOnly today)
    {
        if (deliveredOn > today)
        {
            throw new DomainRuleViolationException("Team training cannot be recorded before it has been delivered.");
        }

        if (attendees < 1)
        {
            throw new DomainRuleViolationException("Team training needs at least one attendee.");
        }

        TrainingDeliveredOn = deliveredOn;
        TrainingAttendees = attendees;
    }

    public void RecordRoleDescriptionAgreed(string version, DateOnly agreedOn, string agreedBy, DateOnly today)
    {
        if (agreedOn > today)
        {
            throw new DomainRuleViolationException("The role description cannot be agreed in the future.");
        }

        RoleDescriptionVersion = version.Trim();
        RoleDescriptionAgreedOn = agreedOn;
        RoleDescriptionAgreedBy = agreedBy.Trim();
    }
}
