using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PeerPlatform.EndToEndTests.Portal;

/// <summary>
/// A person's sign-in without a browser, as the portal's OpenID Connect handler does it: the
/// authorization code flow with PKCE through the gateway (sign-in page, anti-forgery token and
/// all), then the code redeemed for tokens as the portal's client. For tests that need a person's
/// token at the API (the authorization matrix, refresh rotation, token exchange).
/// </summary>
internal static partial class PersonTokens
{
    /// <summary>An application people sign in to (services/Identity/appsettings.Development.json).</summary>
    public sealed record App(string ClientId, string Secret, string RedirectPath);

    public static readonly App Portal = new("peer-portal", "dev-portal-secret-change-me", "portal/signin-oidc");

    /// <summary>The trust's clinical application, which may act for the people signed in to it (token exchange).</summary>
    public static readonly App ClinicalApp = new("trust-clinical-app", "dev-clinical-app-secret-change-me", "trust-clinical-app/signed-in");

    public sealed record Tokens(string AccessToken, string RefreshToken, string IdentityToken);

    public static async Task<Tokens> SignInAsync(int gatewayPort, string email, string password, App? app = null)
    {
        app ??= Portal;
        var gateway = new Uri($"http://localhost:{gatewayPort}/");
        var redirect = new Uri(gateway, app.RedirectPath).ToString();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = gateway };

        var location = "/connect/authorize?" + string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = app.ClientId,
            ["redirect_uri"] = redirect,
            ["response_type"] = "code",
            ["scope"] = "openid profile offline_access supervision referrals workforce outcomes",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "test-state",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

        // Follow redirects until the sign-in page, sign in, and follow on until the code comes back.
        var signedIn = false;
        for (var hop = 0; hop < 10; hop++)
        {
            if (location.StartsWith(redirect, StringComparison.Ordinal))
            {
                var code = Regex.Match(location, "[?&]code=([^&]+)").Groups[1].Value;
                return await RedeemAsync(browser, app, new Dictionary<string, string>
                {
                    ["grant_type"] = "authorization_code",
                    ["code"] = Uri.UnescapeDataString(code),
                    ["redirect_uri"] = redirect,
                    ["code_verifier"] = verifier,
                });
            }

            using var response = await browser.GetAsync(location);
            if (response.StatusCode == HttpStatusCode.OK && !signedIn)
            {
                var page = await response.Content.ReadAsStringAsync();
                var antiforgery = AntiforgeryToken().Match(page).Groups[1].Value;
                var returnUrl = WebUtility.HtmlDecode(ReturnUrl().Match(page).Groups[1].Value);
                using var post = await browser.PostAsync(response.RequestMessage!.RequestUri, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Email"] = email,
                    ["Password"] = password,
                    ["ReturnUrl"] = returnUrl,
                    ["__RequestVerificationToken"] = antiforgery,
                }));
                Assert.True(post.StatusCode == HttpStatusCode.Redirect, $"sign-in as {email}: {(int)post.StatusCode}");
                location = post.Headers.Location!.ToString();
                signedIn = true;
                continue;
            }

            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"GET {location}: {(int)response.StatusCode}");
            location = response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.ToString() : new Uri(gateway, response.Headers.Location).ToString();
            if (location.StartsWith(gateway.ToString(), StringComparison.Ordinal) && !location.StartsWith(redirect, StringComparison.Ordinal))
            {
                location = "/" + location[gateway.ToString().Length..];
            }
        }

        throw new Xunit.Sdk.XunitException($"signing in as {email} did not come back with a code");
    }

    /// <summary>The refresh token grant as the portal sends it; the raw answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(HttpClient gateway, string refreshToken)
    {
        using var response = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = Portal.ClientId,
            ["client_secret"] = Portal.Secret,
        }));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task<Tokens> RedeemAsync(HttpClient client, App app, Dictionary<string, string> form)
    {
        form["client_id"] = app.ClientId;
        form["client_secret"] = app.Secret;
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"code redemption: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return new Tokens(json.GetProperty("access_token").GetString()!, json.GetProperty("refresh_token").GetString()!, json.GetProperty("id_token").GetString()!);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"ReturnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrl();
}
