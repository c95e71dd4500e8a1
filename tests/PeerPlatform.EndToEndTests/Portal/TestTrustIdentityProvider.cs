using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PeerPlatform.EndToEndTests.Portal;

/// <summary>
/// A minimal OpenID Connect provider standing in for a trust's own identity provider: discovery,
/// keys, an authorization endpoint that signs in whoever <see cref="NextEmail"/> names at once, and
/// a token endpoint that answers with a signed identity token (nonce and all). Real HTTP on a
/// loopback port, so Identity federates with it exactly as with the real thing.
/// </summary>
public sealed class TestTrustIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "peerplatform";
    public const string ClientSecret = "test-trust-idp-secret-0001";

    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-trust-idp" };
    private readonly ConcurrentDictionary<string, (string Email, string? Nonce)> codes = new();
    private WebApplication? app;

    public TestTrustIdentityProvider(int port) => Port = port;

    public int Port { get; }

    public string Authority => $"http://localhost:{Port}/";

    /// <summary>Who the provider signs in next (its own subject is derived from it).</summary>
    public string NextEmail { get; set; } = "staff@trust.example";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Authority);
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = Authority + "authorize",
            ["token_endpoint"] = Authority + "token",
            ["jwks_uri"] = Authority + "jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { JsonWebKeyConverter.ConvertFromRSASecurityKey(key) } }));
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var code = Guid.NewGuid().ToString("N");
            codes[code] = (NextEmail, request.Query["nonce"].ToString() is { Length: > 0 } nonce ? nonce : null);
            var redirect = request.Query["redirect_uri"].ToString();
            var state = Uri.EscapeDataString(request.Query["state"].ToString());
            return Results.Redirect($"{redirect}?code={code}&state={state}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || !codes.TryRemove(form["code"].ToString(), out var grant))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var claims = new Dictionary<string, object>
            {
                ["sub"] = "trust-" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(grant.Email)))[..16],
                ["email"] = grant.Email,
            };
            if (grant.Nonce is { } nonce)
            {
                claims["nonce"] = nonce;
            }

            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = ClientId,
                Claims = claims,
                IssuedAt = DateTime.UtcNow,
                Expires = DateTime.UtcNow.AddMinutes(5),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { id_token = idToken, access_token = Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 300 });
        });
        await app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
