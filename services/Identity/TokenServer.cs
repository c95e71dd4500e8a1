using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.IdentityModel.Tokens;
using PeerPlatform.Identity.Clients;
using PeerPlatform.Identity.Data;
using PeerPlatform.Identity.Tokens;
using PeerPlatform.Security;

namespace PeerPlatform.Identity;

internal static class TokenServer
{
    /// <summary>
    /// OpenIddict as an OAuth 2.0 server for the client credentials grant only. Access tokens are
    /// signed JWTs (not encrypted) so the gateway and services validate them with standard JWT
    /// bearer authentication against the published keys. The issuer is fixed by configuration
    /// ("Identity:Issuer", the gateway's public address) so tokens do not depend on the address a
    /// client used. The signing key comes from "Identity:SigningKeyPath" (a PEM RSA private key);
    /// without one an ephemeral key is generated, which is fine for local runs and tests only.
    /// </summary>
    public static WebApplicationBuilder AddTokenServer(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Identity");
        var issuer = settings["Issuer"] ?? PeerAuthentication.DefaultIssuer;
        var signingKeyPath = settings["SigningKeyPath"];
        var accessTokenLifetime = settings.GetValue("AccessTokenLifetime", TimeSpan.FromMinutes(15));

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(issuer));
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow();
                server.RegisterScopes([.. ClientDefinition.AllScopes]);
                server.SetAccessTokenLifetime(accessTokenLifetime);
                server.DisableAccessTokenEncryption();
                server.AddEphemeralEncryptionKey();
                if (signingKeyPath is { Length: > 0 })
                {
                    var rsa = RSA.Create();
                    rsa.ImportFromPem(File.ReadAllText(signingKeyPath));
                    server.AddSigningKey(new RsaSecurityKey(rsa) { KeyId = settings["SigningKeyId"] ?? "peerplatform-1" });
                }
                else
                {
                    server.AddEphemeralSigningKey();
                }

                server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    // TLS ends at the edge in front of the gateway; inside the suite it is loopback HTTP.
                    .DisableTransportSecurityRequirement();
                server.AddTokenRequestGuards();
            });

        builder.Services.AddOptions<TokenRequestLimitOptions>()
            .Bind(builder.Configuration.GetSection(TokenRequestLimitOptions.Section))
            .Validate(o => o.PerClient > 0 && o.Window > TimeSpan.Zero, $"{TokenRequestLimitOptions.Section}: PerClient and Window must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenRequestLimits>();
        builder.Services.AddSingleton<ClientAssertionReplay>();

        // Token requests come through the gateway, which sets X-Forwarded-For to the caller's
        // address: security events name that address. Only a proxy on loopback is believed (the
        // gateway on the same host), or one in "Identity:TrustedProxyNetworks" (CIDR, e.g. the
        // gateway's subnet when it runs on another host).
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            foreach (var network in settings.GetSection("TrustedProxyNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }
}
