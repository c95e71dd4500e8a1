using PeerPlatform.SharedKernel;

namespace PeerPlatform.Supervision.Domain;

/// <summary>A supervisor employed or engaged by a partner organisation; runs sessions once trained.</summary>
public sealed class Supervisor
{
    private Supervisor()
    {
    }

    public Guid Id { get; private set; }

    public string OrganisationId { get; private set; } = "";

    public string GivenName { get; private set; } = "";

    public string FamilyName { get; private set; } = "";

    public bool Active { get; private set; }

    public DateOnly? TrainedOn { get; private set; }

    public string? TrainingCourse { get; private set; }

    public static Supervisor Add(string organisationId, string givenName, string familyName, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrganisationId = organisationId,
        GivenName = givenName.Trim(),
        FamilyName = familyName.Trim(),
        Active = true,
    };

    /// <summary>Peer-supervisor training; a later course replaces an earlier one.</summary>
    public void RecordTraining(string course, DateOnly completedOn, DateOnly today)
    {
        if (completedOn > today)
        {
            throw new DomainRuleViolationException("Training cannot be completed in the future.");
        }

        if (TrainedOn is { } earlier && completedOn < earlier)
        {
            throw new DomainRuleViolationException($"More recent training (on {earlier:yyyy-MM-dd}) is already recorded.");
        }

        TrainedOn = completedOn;
        TrainingCourse = course.Trim();
    }

    public void Deactivate() => Active = false;

    /// <summary>Only an active supervisor with peer-supervisor training runs sessions.</summary>
    public void RequireCanSupervise()
    {
        if (!Active)
        {
            throw new DomainRuleViolationException("The supervisor is no longer active.");
        }

        if (TrainedOn is null)
        {
            throw new DomainRuleViolationException("The supervisor has no peer-supervisor training recorded.");
        }
    }
}
