using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PeerPlatform.EndToEndTests;

/// <summary>The OAuth 2.0 token endpoint, reached through the gateway at /connect/token.</summary>
[Collection(SuiteCollection.Name)]
public sealed class TokenEndpointTests(SuiteFixture suite)
{
    private async Task<HttpResponseMessage> RequestAsync(Dictionary<string, string> form) =>
        await suite.Rest.PostAsync("/connect/token", new FormUrlEncodedContent(form));

    [Fact]
    public async Task A_token_names_the_role_partner_organisation_audience_and_issuer()
    {
        var token = new JsonWebToken(await suite.RequestTokenAsync("partner-a"));

        Assert.Equal("partner", token.GetClaim("role").Value);
        Assert.Equal("org-mind-north", token.GetClaim("partner_org").Value);
        Assert.Contains("peerplatform-api", token.Audiences);
        Assert.Equal($"http://localhost:{suite.GatewayHttpPort}/", token.Issuer);
        Assert.Equal("RS256", token.Alg);
        Assert.True(token.ValidTo > DateTime.UtcNow && token.ValidTo <= DateTime.UtcNow.AddMinutes(16));
        Assert.False(new JsonWebToken(await suite.TokenAsync("integrator")).TryGetClaim("partner_org", out _));
    }

    [Fact]
    public async Task A_wrong_secret_or_an_unknown_client_gets_no_token()
    {
        var wrongSecret = await RequestAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = "trust-integrator", ["client_secret"] = "not-the-secret-at-all" });
        var unknown = await RequestAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = "nobody", ["client_secret"] = "whatever-secret-value" });
        var wrongGrant = await RequestAsync(new() { ["grant_type"] = "password", ["client_id"] = "trust-integrator", ["client_secret"] = "dev-integrator-secret-change-me", ["username"] = "a", ["password"] = "b" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongGrant.StatusCode);
        Assert.DoesNotContain("access_token", await wrongSecret.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_client_may_not_ask_for_a_scope_outside_its_role()
    {
        var response = await RequestAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "platform-operator",
            ["client_secret"] = "dev-operator-secret-change-me",
            ["scope"] = "referrals",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("access_token", body);
        Assert.Contains("scope", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_client_can_authenticate_with_a_signed_jwt_assertion_instead_of_a_secret()
    {
        var response = await RequestAsync(AssertionForm(Assertion(jti: Guid.NewGuid().ToString())));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);

        using var client = suite.RestWithToken(JsonNode.Parse(body)!["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/outcomes/summary")).StatusCode);
    }

    [Fact]
    public async Task A_client_assertion_is_accepted_once_and_must_have_a_jti()
    {
        var assertion = Assertion(jti: Guid.NewGuid().ToString());

        var first = await RequestAsync(AssertionForm(assertion));
        var replayed = await RequestAsync(AssertionForm(assertion));
        var withoutJti = await RequestAsync(AssertionForm(Assertion(jti: null)));
        var next = await RequestAsync(AssertionForm(Assertion(jti: Guid.NewGuid().ToString())));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        var body = await replayed.Content.ReadAsStringAsync();
        Assert.Contains("invalid_client", body);
        Assert.DoesNotContain("access_token", body);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutJti.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    /// <summary>A client assertion (private_key_jwt) of the suite's assertion client, signed with its key.</summary>
    private string Assertion(string? jti)
    {
        var claims = new Dictionary<string, object> { ["sub"] = SuiteFixture.AssertionClientId };
        if (jti is not null)
        {
            claims["jti"] = jti;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = true }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SuiteFixture.AssertionClientId,
            Audience = $"http://localhost:{suite.GatewayHttpPort}/",
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(2),
            TokenType = "client-authentication+jwt",
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(suite.AssertionKey), SecurityAlgorithms.RsaSha256),
        });
    }

    private static Dictionary<string, string> AssertionForm(string assertion) => new()
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = SuiteFixture.AssertionClientId,
        ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ["client_assertion"] = assertion,
    };
}
