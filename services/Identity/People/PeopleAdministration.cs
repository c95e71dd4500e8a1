using PeerPlatform.Security;

namespace PeerPlatform.Identity.People;

/// <summary>
/// Who may manage whose sign-in. The platform administrator (the trust) manages everyone; a
/// partner administrator manages the supervisors and administrators of their own organisation and
/// nobody else; everyone else manages no one.
/// </summary>
public sealed record PeopleAdministrator(string AccessRole, string? PersonRole, string? PartnerOrganisation)
{
    public bool IsPlatformAdministrator => AccessRole == PeerRoles.Admin;

    public bool IsPartnerAdministrator => PersonRole == PersonRoles.PartnerAdministrator && PartnerOrganisation is { Length: > 0 };

    public bool MayManageAnyone => IsPlatformAdministrator || IsPartnerAdministrator;

    /// <summary>Whether this administrator may see and change a person of this kind in this organisation.</summary>
    public bool MayManage(string personRole, string? partnerOrganisation) =>
        IsPlatformAdministrator
        || (IsPartnerAdministrator && PersonRoles.BelongsToPartner(personRole) && partnerOrganisation == PartnerOrganisation);

    /// <summary>The organisation whose people are listed: a partner administrator's own, or any (null).</summary>
    public string? OrganisationFilter => IsPlatformAdministrator ? null : PartnerOrganisation;
}
