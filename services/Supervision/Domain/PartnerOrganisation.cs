using System.Text.RegularExpressions;
using PeerPlatform.ServiceDefaults.Grpc;

namespace PeerPlatform.Supervision.Domain;

public enum OrganisationKind
{
    ServiceUserLed = 1,
    CarerLed = 2,
    OtherVoluntary = 3,
}

/// <summary>
/// A service-user or carer organisation that supervises peer workers. Its id is the slug its
/// tokens carry in "partner_org", so a partner's records are found by the caller's own claim.
/// </summary>
public sealed partial class PartnerOrganisation
{
    private PartnerOrganisation()
    {
    }

    public string Id { get; private set; } = "";

    public string Name { get; private set; } = "";

    public OrganisationKind Kind { get; private set; }

    public bool Active { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,99}$")]
    public static partial Regex IdPattern();

    public static PartnerOrganisation Register(string id, string name, OrganisationKind kind, DateTimeOffset now) => new()
    {
        Id = id,
        Name = name.Trim(),
        Kind = kind,
        Active = true,
        RegisteredAt = now,
    };

    public void Deactivate() => Active = false;

    public void RequireActive()
    {
        if (!Active)
        {
            throw new DomainRuleViolationException($"Partner organisation {Id} is no longer active.");
        }
    }
}

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
