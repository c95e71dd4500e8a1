using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PeerPlatform.Identity.SignIn;

namespace PeerPlatform.UnitTests.Identity;

/// <summary>A trust's identity providers come from configuration, each complete or refused at start.</summary>
public sealed class FederationTests
{
    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Fact]
    public async Task Each_configured_provider_becomes_a_sign_in_scheme_with_its_own_callback()
    {
        var builder = Builder(new()
        {
            ["Identity:Federation:0:Scheme"] = "trust-idp",
            ["Identity:Federation:0:DisplayName"] = "Our Trust",
            ["Identity:Federation:0:Authority"] = "https://login.trust.example/",
            ["Identity:Federation:0:ClientId"] = "peerplatform",
        });

        builder.AddFederation();
        using var app = builder.Build();

        var scheme = await app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync("trust-idp");
        Assert.NotNull(scheme);
        Assert.Equal("Our Trust", scheme.DisplayName);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>().Get("trust-idp");
        Assert.Equal("/account/external/trust-idp/callback", options.CallbackPath.Value);
        Assert.True(options.UsePkce);
    }

    [Fact]
    public void A_provider_without_its_authority_is_refused_at_start()
    {
        var builder = Builder(new()
        {
            ["Identity:Federation:0:Scheme"] = "trust-idp",
            ["Identity:Federation:0:ClientId"] = "peerplatform",
        });

        var refusal = Assert.Throws<InvalidOperationException>(builder.AddFederation);

        Assert.Contains("Authority", refusal.Message, StringComparison.Ordinal);
    }
}
