using System.Collections.Immutable;
using System.Security.Claims;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using PeerPlatform.Identity.Clients;
using PeerPlatform.Identity.People;
using PeerPlatform.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PeerPlatform.Identity.SignIn;

/// <summary>
/// What a person's tokens say: their Identity id as subject, the access role their kind of person
/// acts with, their organisation or worker id, and the client application. The display name goes
/// into the identity token only (for the application's page header); access tokens, which reach
/// every service, carry ids and roles and nothing else about the person.
/// </summary>
internal static class PersonPrincipal
{
    public const string SecurityStampClaim = "peer_stamp";

    /// <summary>Scopes a person's token may carry: sign-in (openid, profile, offline_access) and the APIs of their role.</summary>
    public static ImmutableArray<string> PermittedScopes(string personRole) =>
        [Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, .. ClientDefinition.DefaultScopesByRole[PersonRoles.AccessRole(personRole)]];

    public static ClaimsPrincipal Create(Person person, string clientId, IEnumerable<string> requestedScopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Id);
        identity.SetClaim(PeerClaims.ClientId, clientId);
        identity.SetClaim(Claims.Name, person.DisplayName);
        identity.SetClaim(PeerClaims.Role, PersonRoles.AccessRole(person.PersonRole));
        identity.SetClaim(PeerClaims.PersonRole, person.PersonRole);
        if (person.PartnerOrganisation is { Length: > 0 } organisation)
        {
            identity.SetClaim(PeerClaims.PartnerOrganisation, organisation);
        }

        if (person.WorkerId is { } workerId)
        {
            identity.SetClaim(PeerClaims.WorkerId, workerId.ToString());
        }

        // Kept in the authorization code and refresh token only (no destination): a refresh after a
        // password reset or a deactivation, which change the stamp, is refused (PersonTokens).
        identity.SetClaim(SecurityStampClaim, person.SecurityStamp);
        identity.SetScopes(requestedScopes.Intersect(PermittedScopes(person.PersonRole)));
        identity.SetAudiences(PeerAuthentication.Audience);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name => [Destinations.IdentityToken],
            SecurityStampClaim => [],
            PeerClaims.PersonRole or PeerClaims.PartnerOrganisation or PeerClaims.WorkerId or PeerClaims.Role => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}
