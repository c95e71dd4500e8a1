using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using PeerPlatform.Identity.Clients;
using PeerPlatform.Identity.People;
using PeerPlatform.Identity.SignIn;
using PeerPlatform.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PeerPlatform.Identity.Tokens;

/// <summary>
/// POST /connect/token. For the client credentials grant OpenIddict has already authenticated the
/// client (secret or signed client assertion) and checked its permissions; this decides what the
/// token says: the client's role, its partner organisation if any, its scopes and the audience.
/// A person's grants (authorization code, refresh token) are answered by <see cref="PersonTokens"/>.
/// </summary>
internal static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/connect/token", IssueAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, IOpenIddictApplicationManager applications, UserManager<Person> people)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            return await PersonTokens.IssueAsync(context, request, people);
        }

        if (request.IsTokenExchangeGrantType())
        {
            return await PersonTokens.ExchangeAsync(context, request, people);
        }

        if (!request.IsClientCredentialsGrantType())
        {
            return Forbid(Errors.UnsupportedGrantType, "Supported grants: client_credentials, authorization_code, refresh_token, token exchange.");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted);
        if (application is null)
        {
            return Forbid(Errors.InvalidClient, "Unknown client.");
        }

        var properties = await applications.GetPropertiesAsync(application, context.RequestAborted);
        var role = properties.TryGetValue(ClientRegistration.RoleProperty, out var r) ? r.GetString() : null;
        if (role is null || !PeerRoles.Systems.Contains(role))
        {
            return Forbid(Errors.UnauthorizedClient, "The client has no PeerPlatform role.");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Subject, Claims.Role);
        identity.SetClaim(Claims.Subject, request.ClientId);
        identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, context.RequestAborted));
        identity.SetClaim(PeerClaims.Role, role);
        if (properties.TryGetValue(ClientRegistration.PartnerOrganisationProperty, out var organisation))
        {
            identity.SetClaim(PeerClaims.PartnerOrganisation, organisation.GetString());
        }

        // No scope asked for: grant everything the client is permitted (OpenIddict has already
        // refused scopes it is not permitted).
        var permitted = (await applications.GetPermissionsAsync(application, context.RequestAborted))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..]);
        identity.SetScopes(request.GetScopes().IsEmpty ? permitted : request.GetScopes());
        identity.SetAudiences(PeerAuthentication.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);

        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(
        new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
