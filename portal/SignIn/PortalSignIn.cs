using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using PeerPlatform.Security;

namespace PeerPlatform.Portal.SignIn;

/// <summary>
/// People sign in at Identity (authorization code with PKCE, as the confidential client
/// "Portal:ClientId"); the portal keeps their tokens in its own cookie, which ends after
/// "Portal:SessionTimeout" without a request (20 minutes by default) and never outlives the
/// refresh token. The browser only ever talks to the gateway: Identity's pages and the portal
/// are both behind it, so they share its origin.
/// </summary>
internal static class PortalSignIn
{
    public static WebApplicationBuilder AddPortalSignIn(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Portal");
        var identity = builder.Configuration.GetSection("Identity");
        var authority = identity["Issuer"] ?? PeerAuthentication.DefaultIssuer;
        var development = builder.Environment.IsDevelopment();
        var clientSecret = settings["ClientSecret"];
        if (clientSecret is not { Length: > 0 })
        {
            throw new InvalidOperationException("The portal has no client secret: set Portal__ClientSecret from the secret store (the secret of Identity's SignsInPeople client).");
        }

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = development ? "peer-portal" : "__Host-peer-portal";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.ExpireTimeSpan = settings.GetValue("SessionTimeout", TimeSpan.FromMinutes(20));
                options.SlidingExpiration = true;
                options.AccessDeniedPath = "/status/403";
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = authority;
                // Keys and endpoints from Identity directly when it is known by service discovery.
                if (builder.Configuration["services:identity:http:0"] is { Length: > 0 } discovered)
                {
                    options.MetadataAddress = discovered.TrimEnd('/') + "/.well-known/openid-configuration";
                }

                options.RequireHttpsMetadata = identity.GetValue("RequireHttpsMetadata", false);
                options.ClientId = settings["ClientId"] ?? "peer-portal";
                options.ClientSecret = clientSecret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.Scope.Clear();
                foreach (var scope in (string[])["openid", "profile", "offline_access", "supervision"])
                {
                    options.Scope.Add(scope);
                }

                options.CallbackPath = "/signin-oidc";
                options.SignedOutCallbackPath = "/signout-callback-oidc";
                options.SignedOutRedirectUri = "/portal/signed-out";
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = PeerClaims.Role;
                options.UseTokenLifetime = false;
                // The code comes back in the redirect's query: form_post's page submits itself
                // with an inline script, which the Content-Security-Policy rightly refuses.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                // The browser goes to Identity through the gateway (the issuer's address), whatever
                // address the metadata was fetched from; code and refresh redemption stay direct.
                var publicAuthority = new Uri(authority);
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    context.ProtocolMessage.IssuerAddress = new Uri(publicAuthority, "connect/authorize").ToString();
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToIdentityProviderForSignOut = context =>
                {
                    context.ProtocolMessage.IssuerAddress = new Uri(publicAuthority, "connect/endsession").ToString();
                    return Task.CompletedTask;
                };
                options.NonceCookie.SecurePolicy = options.CorrelationCookie.SecurePolicy =
                    development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                // The code comes back by a top-level GET redirect, which Lax cookies accompany
                // (browsers refuse SameSite=None without Secure, as on the local HTTP run).
                options.NonceCookie.SameSite = options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            });
        builder.Services.AddAuthorization(options =>
        {
            options.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            options.AddPolicy(PortalPolicies.Supervisor, p => p.RequireClaim(PeerClaims.PersonRole, PersonRoles.PartnerSupervisor, PersonRoles.PartnerAdministrator));
            options.AddPolicy(PortalPolicies.PartnerAdministrator, p => p.RequireClaim(PeerClaims.PersonRole, PersonRoles.PartnerAdministrator));
            options.AddPolicy(PortalPolicies.Worker, p => p.RequireClaim(PeerClaims.PersonRole, PersonRoles.PeerWorker));
            options.AddPolicy(PortalPolicies.SessionReader, p => p.RequireClaim(PeerClaims.PersonRole, PersonRoles.PartnerSupervisor, PersonRoles.PartnerAdministrator, PersonRoles.PeerWorker));
        });
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<PersonTokens>();
        return builder;
    }
}

/// <summary>Which pages whom: the portal's checks decide what to show; the services decide what is allowed.</summary>
internal static class PortalPolicies
{
    public const string Supervisor = "portal-supervisor";
    public const string PartnerAdministrator = "portal-partner-admin";
    public const string Worker = "portal-worker";
    public const string SessionReader = "portal-session-reader";
}
