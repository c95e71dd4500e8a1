using OpenIddict.Abstractions;
using PeerPlatform.Identity.Clients;
using PeerPlatform.Identity.People;
using PeerPlatform.Identity.SignIn;
using PeerPlatform.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PeerPlatform.UnitTests.Identity;

/// <summary>Who may manage whose sign-in, what a person's record must hold, and what their tokens say.</summary>
public sealed class PeopleTests
{
    private static readonly PeopleAdministrator Platform = new(PeerRoles.Admin, null, null);
    private static readonly PeopleAdministrator MindNorthAdmin = new(PeerRoles.Partner, PersonRoles.PartnerAdministrator, "org-mind-north");
    private static readonly PeopleAdministrator MindNorthSupervisor = new(PeerRoles.Partner, PersonRoles.PartnerSupervisor, "org-mind-north");
    private static readonly PeopleAdministrator PartnerSystem = new(PeerRoles.Partner, null, "org-mind-north");

    [Fact]
    public void The_platform_administrator_manages_everyone()
    {
        Assert.True(Platform.MayManage(PersonRoles.PeerWorker, null));
        Assert.True(Platform.MayManage(PersonRoles.PartnerAdministrator, "org-carers-east"));
        Assert.Null(Platform.OrganisationFilter);
    }

    [Fact]
    public void A_partner_administrator_manages_only_their_own_organisations_supervisors_and_administrators()
    {
        Assert.True(MindNorthAdmin.MayManage(PersonRoles.PartnerSupervisor, "org-mind-north"));
        Assert.True(MindNorthAdmin.MayManage(PersonRoles.PartnerAdministrator, "org-mind-north"));
        Assert.False(MindNorthAdmin.MayManage(PersonRoles.PartnerSupervisor, "org-carers-east"));
        Assert.False(MindNorthAdmin.MayManage(PersonRoles.PeerWorker, null));
        Assert.False(MindNorthAdmin.MayManage(PersonRoles.TrustStaff, null));
        Assert.Equal("org-mind-north", MindNorthAdmin.OrganisationFilter);
    }

    [Fact]
    public void Supervisors_and_partner_systems_manage_no_one()
    {
        Assert.False(MindNorthSupervisor.MayManageAnyone);
        Assert.False(MindNorthSupervisor.MayManage(PersonRoles.PartnerSupervisor, "org-mind-north"));
        // A partner organisation's system client is not a person, let alone an administrator.
        Assert.False(PartnerSystem.MayManageAnyone);
    }

    [Theory]
    [InlineData(PersonRoles.PartnerSupervisor, "org-a", null, new string[0])]
    [InlineData(PersonRoles.PartnerSupervisor, null, null, new[] { "partner_organisation" })]
    [InlineData(PersonRoles.PeerWorker, null, "0195f0e0-0000-7000-8000-000000000001", new string[0])]
    [InlineData(PersonRoles.PeerWorker, null, null, new[] { "worker_id" })]
    [InlineData(PersonRoles.PeerWorker, "org-a", "0195f0e0-0000-7000-8000-000000000001", new[] { "partner_organisation" })]
    [InlineData(PersonRoles.TrustStaff, null, "0195f0e0-0000-7000-8000-000000000001", new[] { "worker_id" })]
    [InlineData("nurse", null, null, new[] { "person_role" })]
    public void A_person_names_an_organisation_or_a_worker_as_their_role_requires(string role, string? organisation, string? worker, string[] fields)
    {
        var problems = Person.Problems(role, organisation, worker is null ? null : Guid.Parse(worker)).Select(p => p.Field);

        Assert.Equal(fields, problems);
    }

    [Fact]
    public void A_workers_token_carries_their_worker_id_and_the_worker_role_and_only_permitted_scopes()
    {
        var worker = new Person { Id = "p-1", DisplayName = "Pat Doe", PersonRole = PersonRoles.PeerWorker, WorkerId = Guid.Parse("0195f0e0-0000-7000-8000-000000000001") };

        var principal = PersonPrincipal.Create(worker, "peer-portal", [Scopes.OpenId, Scopes.OfflineAccess, "supervision", "referrals", "admin"]);

        Assert.Equal("p-1", principal.GetClaim(Claims.Subject));
        Assert.Equal(PeerRoles.Worker, principal.GetClaim(PeerClaims.Role));
        Assert.Equal(PersonRoles.PeerWorker, principal.GetClaim(PeerClaims.PersonRole));
        Assert.Equal("0195f0e0-0000-7000-8000-000000000001", principal.GetClaim(PeerClaims.WorkerId));
        Assert.Equal("peer-portal", principal.GetClaim(PeerClaims.ClientId));
        Assert.Null(principal.GetClaim(PeerClaims.PartnerOrganisation));
        Assert.Equal(new[] { Scopes.OfflineAccess, Scopes.OpenId, "supervision" }, principal.GetScopes().Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_persons_name_goes_into_the_identity_token_only()
    {
        var supervisor = new Person { Id = "p-2", DisplayName = "Sam Supervisor", PersonRole = PersonRoles.PartnerSupervisor, PartnerOrganisation = "org-mind-north" };

        var principal = PersonPrincipal.Create(supervisor, "peer-portal", [Scopes.OpenId]);

        var name = principal.Claims.Single(c => c.Type == Claims.Name);
        Assert.Equal(new[] { Destinations.IdentityToken }, name.GetDestinations().ToArray());
        var organisation = principal.Claims.Single(c => c.Type == PeerClaims.PartnerOrganisation);
        Assert.Contains(Destinations.AccessToken, organisation.GetDestinations());
        Assert.Equal(PeerRoles.Partner, principal.GetClaim(PeerClaims.Role));
    }

    [Fact]
    public void An_application_people_sign_in_to_has_redirect_addresses_and_no_role_of_its_own()
    {
        var portal = new ClientDefinition { ClientId = "peer-portal", SignsInPeople = true, Secret = "a-secret-of-sixteen", RedirectUris = ["portal/signin-oidc"] };
        Assert.Empty(portal.Problems());

        Assert.Contains(new ClientDefinition { ClientId = "p", SignsInPeople = true, Secret = "a-secret-of-sixteen" }.Problems(), p => p.Contains("RedirectUris", StringComparison.Ordinal));
        Assert.Contains(new ClientDefinition { ClientId = "p", SignsInPeople = true, Role = PeerRoles.Admin, Secret = "a-secret-of-sixteen", RedirectUris = ["x"] }.Problems(), p => p.Contains("no Role", StringComparison.Ordinal));
        // A system client may not be given redirect addresses, nor the role of a person.
        Assert.Contains(new ClientDefinition { ClientId = "s", Role = PeerRoles.Integrator, Secret = "a-secret-of-sixteen", RedirectUris = ["x"] }.Problems(), p => p.Contains("SignsInPeople", StringComparison.Ordinal));
        Assert.Contains(new ClientDefinition { ClientId = "s", Role = PeerRoles.Worker, Secret = "a-secret-of-sixteen" }.Problems(), p => p.Contains("Role must be", StringComparison.Ordinal));
    }
}
