using System.Text.RegularExpressions;
using PeerPlatform.SharedKernel;

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
