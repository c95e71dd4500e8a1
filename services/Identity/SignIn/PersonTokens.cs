using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using PeerPlatform.Identity.People;
using PeerPlatform.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PeerPlatform.Identity.SignIn;

/// <summary>
/// The token endpoint's answer for a person: an authorization code redeemed, or a refresh token
/// used (once: OpenIddict marks it redeemed and issues a new one). Before each new token the
/// person is looked up again, so one deactivated, locked out or given a new password since (their
/// security stamp changed) gets none, and the token says what their record says now.
/// </summary>
internal static class PersonTokens
{
    public static async Task<IResult> IssueAsync(HttpContext context, OpenIddictRequest request, UserManager<Person> people)
    {
        var granted = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var personId = granted.Principal?.GetClaim(Claims.Subject);
        var person = personId is null ? null : await people.FindByIdAsync(personId);
        if (person is null || !person.IsActive || await people.IsLockedOutAsync(person)
            || granted.Principal!.GetClaim(PersonPrincipal.SecurityStampClaim) != person.SecurityStamp)
        {
            return Refuse("The person can no longer sign in.");
        }

        var principal = PersonPrincipal.Create(person, request.ClientId!, granted.Principal!.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// OAuth 2.0 token exchange (RFC 8693): a system acting for a person presents a token this
    /// Identity issued to that system for the person (OpenIddict has checked its signature, expiry
    /// and that it was issued to this client), and gets an API token with the person as subject
    /// and itself as actor ("act"). A token that names no person (a system's own) is refused: a
    /// person is never taken on a system's word.
    /// </summary>
    public static async Task<IResult> ExchangeAsync(HttpContext context, OpenIddictRequest request, UserManager<Person> people)
    {
        var subject = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var personId = subject.Principal?.GetClaim(PeerClaims.PersonRole) is null ? null : subject.Principal.GetClaim(Claims.Subject);
        var person = personId is null ? null : await people.FindByIdAsync(personId);
        if (person is null || !person.IsActive || await people.IsLockedOutAsync(person))
        {
            return Refuse(personId is null ? "The subject token names no person." : "The person can no longer sign in.");
        }

        var principal = PersonPrincipal.Create(person, request.ClientId!, request.GetScopes().IsEmpty ? subject.Principal!.GetScopes() : request.GetScopes());
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.SetClaim(PeerClaims.Actor, JsonSerializer.SerializeToElement(new { sub = request.ClientId }));
        identity.SetDestinations(claim => claim.Type == PeerClaims.Actor ? [Destinations.AccessToken] : claim.GetDestinations());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
