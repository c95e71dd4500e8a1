using Microsoft.AspNetCore.Identity;
using PeerPlatform.Security;

namespace PeerPlatform.Identity.People;

/// <summary>
/// Someone who signs in as themselves: a partner organisation's supervisor or administrator, a peer
/// worker or trust staff. ASP.NET Core Identity keeps the password hash, lockout and second factor;
/// this adds what PeerPlatform needs to know about them.
/// </summary>
public sealed class Person : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>One of <see cref="PersonRoles"/>.</summary>
    public string PersonRole { get; set; } = "";

    /// <summary>Set for partner supervisors and administrators: the organisation they belong to.</summary>
    public string? PartnerOrganisation { get; set; }

    /// <summary>Set for peer workers: their id in the Workforce service.</summary>
    public Guid? WorkerId { get; set; }

    public DateTimeOffset? DeactivatedAt { get; set; }

    public bool IsActive => DeactivatedAt is null;

    /// <summary>What is wrong with this person's role and links, or nothing.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(string personRole, string? partnerOrganisation, Guid? workerId)
    {
        if (!PersonRoles.All.Contains(personRole))
        {
            yield return ("person_role", $"Must be one of {string.Join(", ", PersonRoles.All)}.");
            yield break;
        }

        if (PersonRoles.BelongsToPartner(personRole) != partnerOrganisation is { Length: > 0 })
        {
            yield return ("partner_organisation", PersonRoles.BelongsToPartner(personRole)
                ? "A partner supervisor or administrator belongs to a partner organisation."
                : "Only partner supervisors and administrators belong to a partner organisation.");
        }

        if ((personRole == PersonRoles.PeerWorker) != workerId.HasValue)
        {
            yield return ("worker_id", personRole == PersonRoles.PeerWorker
                ? "A peer worker's sign-in names their Workforce worker id."
                : "Only a peer worker has a worker id.");
        }
    }
}
