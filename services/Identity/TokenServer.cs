using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.IdentityModel.Tokens;
using PeerPlatform.Identity.Clients;
using PeerPlatform.Identity.Data;
using PeerPlatform.Identity.Tokens;
using PeerPlatform.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PeerPlatform.Identity;

internal static class TokenServer
{
    /// <summary>
    /// OpenIddict as an OAuth 2.0 server: the client credentials grant for systems, and for people
    /// the authorization code grant with PKCE (sign-in pages in <c>Pages/Account</c>) and
    /// refresh tokens, each used once and replaced (rotation). Access tokens are
    /// signed JWTs (not encrypted) so the gateway and services validate them with standard JWT
    /// bearer authentication against the published keys. The issuer is fixed by configuration
    /// ("Identity:Issuer", the gateway's public address) so tokens do not depend on the address a
    /// client used. Tokens are signed with "Identity:SigningKeyPath" (a PEM RSA private key); a
    /// second key, "Identity:NextSigningKeyPath", is published beside it so that relying parties
    /// know it before it takes over (rotation without downtime). Only the Development environment
    /// (the local run and the tests) may do without: it signs with an ephemeral key and accepts
    /// plain HTTP. Anywhere else a missing key stops the start with a message saying what to set.
    /// </summary>
    public static WebApplicationBuilder AddTokenServer(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Identity");
        var issuer = settings["Issuer"] ?? PeerAuthentication.DefaultIssuer;
        var signingKeyPath = settings["SigningKeyPath"];
        var nextSigningKeyPath = settings["NextSigningKeyPath"];
        var accessTokenLifetime = settings.GetValue("AccessTokenLifetime", TimeSpan.FromMinutes(15));
        var development = builder.Environment.IsDevelopment();
        if (!development && signingKeyPath is not { Length: > 0 })
        {
            throw new InvalidOperationException(
                $"Identity has no signing key in the {builder.Environment.EnvironmentName} environment. Set Identity__SigningKeyPath to a PEM RSA "
                + "private key kept in the secret store (and Identity__NextSigningKeyPath to the next one when rotating); see docs/deployment.md. "
                + "Only the Development environment signs with a throwaway key.");
        }

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(issuer));
                server.SetTokenEndpointUris("connect/token");
                server.SetAuthorizationEndpointUris("connect/authorize");
                server.SetEndSessionEndpointUris("connect/endsession");
                server.AllowClientCredentialsFlow();
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.AllowRefreshTokenFlow();
                server.AllowTokenExchangeFlow();
                // A refresh token used again is refused after this long (concurrent requests of one
                // session may both refresh); 30 s unless set.
                server.SetRefreshTokenReuseLeeway(settings.GetValue("RefreshTokenReuseLeeway", TimeSpan.FromSeconds(30)));
                server.RegisterScopes([.. ClientDefinition.AllScopes, Scopes.Profile, Scopes.OfflineAccess]);
                server.SetAccessTokenLifetime(accessTokenLifetime);
                server.SetRefreshTokenLifetime(settings.GetValue("RefreshTokenLifetime", TimeSpan.FromHours(8)));
                server.SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2));
                server.DisableAccessTokenEncryption();
                server.AddEphemeralEncryptionKey();
                if (signingKeyPath is { Length: > 0 })
                {
                    // The first key signs; the next is published so it is trusted before it signs.
                    server.AddSigningKey(ReadRsaKey(signingKeyPath, settings["SigningKeyId"] ?? "peerplatform-1"));
                    if (nextSigningKeyPath is { Length: > 0 })
                    {
                        server.AddSigningKey(ReadRsaKey(nextSigningKeyPath, settings["NextSigningKeyId"] ?? "peerplatform-2"));
                    }
                }
                else
                {
                    server.AddEphemeralSigningKey();
                }

                var aspNetCore = server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (development)
                {
                    // The local run is loopback HTTP end to end.
                    aspNetCore.DisableTransportSecurityRequirement();
                }

                server.AddTokenRequestGuards();
            })
            // The people API (/api/identity/people) takes this server's own access tokens.
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });

        builder.Services.AddOptions<TokenRequestLimitOptions>()
            .Bind(builder.Configuration.GetSection(TokenRequestLimitOptions.Section))
            .Validate(o => o.PerClient > 0 && o.Window > TimeSpan.Zero, $"{TokenRequestLimitOptions.Section}: PerClient and Window must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenRequestLimits>();
        builder.Services.AddSingleton<ClientAssertionReplay>();

        // Token requests come through the gateway, which sets X-Forwarded-For to the caller's
        // address (security events name it) and X-Forwarded-Proto to the scheme the ingress saw
        // (outside Development OpenIddict requires https), and X-Forwarded-Host to the gateway's
        // host, so the sign-in pages' redirects stay on the gateway's origin. Only a proxy on loopback is believed
        // (the gateway on the same host), or one in "Identity:TrustedProxyNetworks" (CIDR, e.g.
        // the gateway pods' network when it runs elsewhere).
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in settings.GetSection("TrustedProxyNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    private static RsaSecurityKey ReadRsaKey(string path, string keyId)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        return new RsaSecurityKey(rsa) { KeyId = keyId };
    }
}
