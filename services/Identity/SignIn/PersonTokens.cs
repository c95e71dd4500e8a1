using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using PeerPlatform.Identity.People;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PeerPlatform.Identity.SignIn;

/// <summary>
/// The token endpoint's answer for a person: an authorization code redeemed, or a refresh token
/// used (once: OpenIddict marks it redeemed and issues a new one). Before each new token the
/// person is looked up again, so one deactivated or locked out since gets none, and the token says
/// what their record says now.
/// </summary>
internal static class PersonTokens
{
    public static async Task<IResult> IssueAsync(HttpContext context, OpenIddictRequest request, UserManager<Person> people)
    {
        var granted = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var personId = granted.Principal?.GetClaim(Claims.Subject);
        var person = personId is null ? null : await people.FindByIdAsync(personId);
        if (person is null || !person.IsActive || await people.IsLockedOutAsync(person))
        {
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The person can no longer sign in.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var principal = PersonPrincipal.Create(person, request.ClientId!, granted.Principal!.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
