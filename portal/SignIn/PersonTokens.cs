using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace PeerPlatform.Portal.SignIn;

/// <summary>
/// The signed-in person's access token for calls to the APIs. A token within a minute of expiry is
/// replaced first with the refresh token (which Identity then replaces too: each is used once),
/// and the cookie is rewritten with both. When Identity refuses (the person was deactivated, or
/// the refresh token expired) the person is signed out and must sign in again.
/// </summary>
internal sealed class PersonTokens(IHttpContextAccessor accessor, IOptionsMonitor<OpenIdConnectOptions> oidc, IHttpClientFactory clients, TimeProvider clock)
{
    private string? current;

    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        if (current is not null)
        {
            return current;
        }

        var context = accessor.HttpContext ?? throw new InvalidOperationException("No request.");
        var signedIn = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!signedIn.Succeeded || signedIn.Properties.GetTokenValue("access_token") is not { } accessToken)
        {
            throw new SignInRequiredException();
        }

        var expiresAt = DateTimeOffset.TryParse(signedIn.Properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
        if (expiresAt - clock.GetUtcNow() > TimeSpan.FromMinutes(1))
        {
            return current = accessToken;
        }

        var refreshed = await RefreshAsync(signedIn.Properties.GetTokenValue("refresh_token"), cancellationToken);
        if (refreshed is null)
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            throw new SignInRequiredException();
        }

        signedIn.Properties.UpdateTokenValue("access_token", refreshed.Value.AccessToken);
        signedIn.Properties.UpdateTokenValue("refresh_token", refreshed.Value.RefreshToken);
        signedIn.Properties.UpdateTokenValue("expires_at", refreshed.Value.ExpiresAt.ToString("o", CultureInfo.InvariantCulture));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, signedIn.Principal, signedIn.Properties);
        return current = refreshed.Value.AccessToken;
    }

    private async Task<(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt)?> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (refreshToken is null)
        {
            return null;
        }

        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        using var response = await clients.CreateClient("identity").PostAsync(
            configuration.TokenEndpoint,
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = options.ClientId!,
                ["client_secret"] = options.ClientSecret!,
            }),
            cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = body.RootElement;
        return (
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var next) ? next.GetString()! : refreshToken,
            clock.GetUtcNow().AddSeconds(root.GetProperty("expires_in").GetInt32()));
    }
}

/// <summary>The person's sign-in has ended; the page sends them to sign in again.</summary>
internal sealed class SignInRequiredException() : Exception("The person must sign in again.");
