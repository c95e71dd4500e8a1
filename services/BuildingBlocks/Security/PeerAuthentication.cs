using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace PeerPlatform.Security;

public static class PeerAuthentication
{
    public const string Audience = "peerplatform-api";

    /// <summary>The issuer when "Identity:Issuer" is not set: the gateway's local address.</summary>
    public const string DefaultIssuer = "http://localhost:5080/";

    /// <summary>
    /// Validates PeerPlatform access tokens (JWTs signed by the Identity service): issuer
    /// ("Identity:Issuer"), audience, lifetime and signature against the keys the Identity service
    /// publishes. Only RS256/PS256/ES256 are accepted, so "alg": "none" and HMAC tricks fail.
    /// Keys are fetched from "Identity:MetadataAddress", or from the Identity service found by
    /// service discovery. The gateway and every service use this, so a call that reaches a service
    /// directly on loopback is checked just the same.
    /// </summary>
    public static IHostApplicationBuilder AddPeerAuthentication(this IHostApplicationBuilder builder)
    {
        var identity = builder.Configuration.GetSection("Identity");
        var issuer = identity["Issuer"] ?? DefaultIssuer;
        var metadataAddress = identity["MetadataAddress"]
            ?? (builder.Configuration["services:identity:http:0"] is { Length: > 0 } discovered
                ? discovered.TrimEnd('/') + "/.well-known/openid-configuration"
                : issuer.TrimEnd('/') + "/.well-known/openid-configuration");

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MetadataAddress = metadataAddress;
                // Inside the suite the Identity service is reached over loopback HTTP; set
                // Identity:RequireHttpsMetadata=true wherever the metadata crosses a network.
                options.RequireHttpsMetadata = identity.GetValue("RequireHttpsMetadata", false);
                options.MapInboundClaims = false;
                // A token presented again skips the signature check while its key is still
                // published (CachingJsonWebTokenHandler): otherwise the gateway and then the service
                // each check every call's RSA signature (docs/decisions/0015).
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new CachingJsonWebTokenHandler { MapInboundClaims = false });
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = issuer,
                    ValidAudience = Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256],
                    ClockSkew = identity.GetValue("ClockSkew", TimeSpan.FromSeconds(30)),
                    NameClaimType = PeerClaims.Subject,
                    RoleClaimType = PeerClaims.Role,
                };
            });

        builder.Services.AddAuthorization(options =>
        {
            foreach (var (policy, roles) in PeerPolicies.RolesByPolicy)
            {
                options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }

            // Anything not marked otherwise needs a valid token: a forgotten attribute fails closed.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddScoped<Caller>();
        // At Build, once every registration is in: AddReverseProxy and others add the loader again.
        // Behind the runtime tuning switch (ServiceDefaults' RuntimeTuning, "Runtime:Tuning").
        if (!builder.Configuration.GetValue("Runtime:Tuning", true))
        {
            return builder;
        }

        builder.ConfigureContainer(
            new DefaultServiceProviderFactory(new ServiceProviderOptions
            {
                // What the host's own factory would check.
                ValidateScopes = builder.Environment.IsDevelopment(),
                ValidateOnBuild = builder.Environment.IsDevelopment(),
            }),
            WithoutKeyRingAtStartup);
        return builder;
    }

    /// <summary>The hosted service with which ASP.NET Core loads the data-protection key ring at start-up.</summary>
    public const string KeyRingLoaderType = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>
    /// Bearer tokens need no data protection and nothing here protects data (no cookies, no
    /// antiforgery, no session affinity), yet AddAuthentication's hosted service would load, or
    /// create and write, a key ring at every start: unencrypted key files on disk and the XML
    /// stack loaded in every process (docs/decisions/0005). Anything that does protect data later
    /// still gets its key ring, loaded on first use.
    /// </summary>
    public static void WithoutKeyRingAtStartup(IServiceCollection services)
    {
        foreach (var loader in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.FullName == KeyRingLoaderType).ToList())
        {
            services.Remove(loader);
        }
    }

    public static WebApplication UsePeerAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
