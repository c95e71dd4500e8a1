using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace PeerPlatform.Identity.SignIn;

/// <summary>A trust's own identity provider, under "Identity:Federation:N".</summary>
public sealed class FederatedProvider
{
    /// <summary>The scheme name, also in the callback address (/account/external/{Scheme}/callback).</summary>
    public string Scheme { get; set; } = "";

    /// <summary>What the sign-in page's button says: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "";

    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>The claim holding the person's email address, by which a first sign-in is matched to their PeerPlatform account.</summary>
    public string EmailClaim { get; set; } = "email";

    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>
/// OpenID Connect federation: a trust that has its own identity provider lets its people sign in
/// with it instead of a PeerPlatform password. Each provider is an OpenID Connect client of that
/// provider (code flow with PKCE); the person must already have a PeerPlatform account (an
/// administrator adds it), is matched by email at their first federated sign-in and by the
/// provider's subject after that. Only the trust's people (trust staff, peer workers) may sign in
/// this way: a partner organisation's people are not the trust's to vouch for. The provider's own
/// second factor stands in for ours.
/// </summary>
internal static class Federation
{
    public static IReadOnlyList<FederatedProvider> Providers(IConfiguration configuration) =>
        configuration.GetSection("Identity:Federation").Get<List<FederatedProvider>>() ?? [];

    public static void AddFederation(this WebApplicationBuilder builder)
    {
        var authentication = builder.Services.AddAuthentication();
        foreach (var provider in Providers(builder.Configuration))
        {
            if (provider.Scheme.Length == 0 || provider.Authority.Length == 0 || provider.ClientId.Length == 0)
            {
                throw new InvalidOperationException("Identity:Federation: each provider needs Scheme, Authority and ClientId (docs/security.md#federation).");
            }

            authentication.AddOpenIdConnect(provider.Scheme, provider.DisplayName, options =>
            {
                options.SignInScheme = IdentityConstants.ExternalScheme;
                options.Authority = provider.Authority;
                options.ClientId = provider.ClientId;
                options.ClientSecret = provider.ClientSecret;
                options.RequireHttpsMetadata = provider.RequireHttpsMetadata;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                options.MapInboundClaims = false;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("email");
                options.Scope.Add("profile");
                options.CallbackPath = $"/account/external/{provider.Scheme}/callback";
                options.NonceCookie.SameSite = options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = options.CorrelationCookie.SecurePolicy =
                    builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.GetClaimsFromUserInfoEndpoint = false;
            });
        }
    }
}
