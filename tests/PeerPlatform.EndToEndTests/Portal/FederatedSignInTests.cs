using System.Net;
using System.Net.Http.Json;

namespace PeerPlatform.EndToEndTests.Portal;

/// <summary>
/// A trust with its own identity provider: its people sign in there instead of with a PeerPlatform
/// password (OpenID Connect federation), matched to their account by email the first time. People
/// without an account, and partner organisations' people, are turned away with a reason.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class FederatedSignInTests(SuiteFixture suite)
{
    private static void SignInWithTheTrust(Browser browser)
    {
        browser.Open("/portal/");
        Assert.Contains("/account/login", browser.Url, StringComparison.Ordinal);
        browser.Submit("#external-test-trust");
    }

    [Fact]
    public async Task Trust_staff_sign_in_with_the_trusts_identity_provider_and_no_one_else_gets_in_that_way()
    {
        using var admin = await suite.RestAsAsync("admin");
        var email = $"federated-{Guid.NewGuid():N}"[..18] + "@trust.example";
        var created = await admin.PostAsJsonAsync("/api/identity/people", new { email, displayName = "Federated Staff", personRole = "trust-staff", temporaryPassword = "an-unused-password-1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Trust staff: in, at the portal's start page, without a PeerPlatform password.
        suite.TrustIdentityProvider.NextEmail = email;
        using (var staff = new Browser(suite.GatewayHttpPort))
        {
            SignInWithTheTrust(staff);
            Assert.Contains("/portal", staff.Url, StringComparison.Ordinal);
            Assert.Equal("Welcome, Federated Staff", staff.Heading);
        }

        // And again, now by the provider's subject linked at the first sign-in.
        using (var again = new Browser(suite.GatewayHttpPort))
        {
            SignInWithTheTrust(again);
            Assert.Equal("Welcome, Federated Staff", again.Heading);
        }

        // Someone the trust knows but PeerPlatform does not: told so, not signed in.
        suite.TrustIdentityProvider.NextEmail = $"stranger-{Guid.NewGuid():N}@trust.example";
        using (var stranger = new Browser(suite.GatewayHttpPort))
        {
            SignInWithTheTrust(stranger);
            Assert.Contains("no PeerPlatform account", stranger.Find("#external-problem").Text, StringComparison.Ordinal);
            stranger.Open("/portal/");
            Assert.Contains("/account/login", stranger.Url, StringComparison.Ordinal);
        }

        // A partner organisation's supervisor is not the trust's to vouch for.
        suite.TrustIdentityProvider.NextEmail = "supervisor@mind-north.example";
        using (var partner = new Browser(suite.GatewayHttpPort))
        {
            SignInWithTheTrust(partner);
            Assert.Contains("trust's own people", partner.Find("#external-problem").Text, StringComparison.Ordinal);
            partner.Open("/portal/");
            Assert.Contains("/account/login", partner.Url, StringComparison.Ordinal);
        }
    }
}
