using System.Security.Claims;
using PeerPlatform.Security;

namespace PeerPlatform.Portal.SignIn;

/// <summary>The signed-in person, from their identity token (Identity puts their kind, organisation and worker id in it).</summary>
internal static class PersonClaims
{
    public static string? PersonRole(this ClaimsPrincipal user) => user.FindFirstValue(PeerClaims.PersonRole);

    public static string? Organisation(this ClaimsPrincipal user) => user.FindFirstValue(PeerClaims.PartnerOrganisation);

    public static string? WorkerId(this ClaimsPrincipal user) => user.FindFirstValue(PeerClaims.WorkerId);

    public static bool IsSupervisor(this ClaimsPrincipal user) => user.PersonRole() is PersonRoles.PartnerSupervisor or PersonRoles.PartnerAdministrator;

    public static bool IsPartnerAdministrator(this ClaimsPrincipal user) => user.PersonRole() == PersonRoles.PartnerAdministrator;

    public static bool IsWorker(this ClaimsPrincipal user) => user.PersonRole() == PersonRoles.PeerWorker;
}
