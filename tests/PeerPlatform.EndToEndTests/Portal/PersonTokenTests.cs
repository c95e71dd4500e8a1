using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests.Portal;

/// <summary>
/// People's tokens at the API: what they say, refresh tokens used once, a deactivated person cut
/// off, and a trust system acting for a clinician by token exchange (RFC 8693), named in the audit.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class PersonTokenTests(SuiteFixture suite)
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    private async Task<string> AddPersonAsync(string personRole, string password, string? organisation = null)
    {
        using var admin = await suite.RestAsAsync("admin");
        var email = $"{personRole}-{Guid.NewGuid():N}"[..(personRole.Length + 9)] + "@test.example";
        var response = await admin.PostAsJsonAsync("/api/identity/people", new { email, displayName = "Test " + personRole, personRole, partnerOrganisation = organisation, temporaryPassword = password });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return email;
    }

    private static JsonWebToken Read(string token) => new(token);

    [Fact]
    public async Task A_persons_access_token_names_them_the_application_and_their_organisation_and_its_refresh_token_works_once()
    {
        var email = await AddPersonAsync("partner-supervisor", "supervisor-password-1", "org-carers-east");
        var tokens = await PersonTokens.SignInAsync(suite.GatewayHttpPort, email, "supervisor-password-1");

        var access = Read(tokens.AccessToken);
        Assert.Equal("peer-portal", access.GetClaim("client_id").Value);
        Assert.Equal("partner", access.GetClaim("role").Value);
        Assert.Equal("partner-supervisor", access.GetClaim("person_role").Value);
        Assert.Equal("org-carers-east", access.GetClaim("partner_org").Value);
        Assert.NotEqual("peer-portal", access.Subject);
        Assert.False(access.TryGetClaim("name", out _)); // the name stays in the identity token
        Assert.False(access.TryGetClaim("peer_stamp", out _));
        Assert.Equal(access.Subject, Read(tokens.IdentityToken).Subject);

        // The token works at the API as the partner organisation's.
        using var partner = suite.RestWithToken(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/api/supervision/supervisors")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/referrals")).StatusCode);

        // Each refresh token is used once: the new one works, the old one is refused.
        var (status, refreshed) = await PersonTokens.RefreshAsync(suite.Rest, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var next = refreshed.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(tokens.RefreshToken, next);
        Assert.Equal(access.Subject, Read(refreshed.GetProperty("access_token").GetString()!).Subject);
        var (replayed, error) = await PersonTokens.RefreshAsync(suite.Rest, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, replayed);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        // OpenIddict revokes the whole chain when a used refresh token comes back (it may be stolen).
        Assert.Equal(HttpStatusCode.BadRequest, (await PersonTokens.RefreshAsync(suite.Rest, next)).Status);
    }

    [Fact]
    public async Task A_deactivated_person_gets_no_more_tokens()
    {
        var email = await AddPersonAsync("partner-supervisor", "supervisor-password-2", "org-mind-north");
        var tokens = await PersonTokens.SignInAsync(suite.GatewayHttpPort, email, "supervisor-password-2");
        using var admin = await suite.RestAsAsync("admin");

        var deactivated = await admin.PostAsync($"/api/identity/people/{Read(tokens.AccessToken).Subject}/deactivate", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);

        var (status, error) = await PersonTokens.RefreshAsync(suite.Rest, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Only_administrators_manage_people_and_bad_input_is_refused_field_by_field()
    {
        using var admin = await suite.RestAsAsync("admin");
        var other = await AddPersonAsync("partner-supervisor", "supervisor-password-3", "org-carers-east");
        var otherId = (await GetOkAsync(admin, "/api/identity/people"))["people"]!.AsArray().Single(p => p!["email"]!.GetValue<string>() == other)!["personId"]!.GetValue<string>();
        var supervisorEmail = await AddPersonAsync("partner-supervisor", "supervisor-password-4", "org-mind-north");
        var supervisorTokens = await PersonTokens.SignInAsync(suite.GatewayHttpPort, supervisorEmail, "supervisor-password-4");

        // A supervisor, not an administrator: no one.
        using var supervisor = suite.RestWithToken(supervisorTokens.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/identity/people")).StatusCode);

        // Bad input: field violations, nothing created.
        var invalid = await admin.PostAsJsonAsync("/api/identity/people", new { email = "not-an-email", displayName = "", personRole = "partner-supervisor", temporaryPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var violations = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["details"]![0]!["fieldViolations"]!.AsArray().Select(v => v!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("email", violations);
        Assert.Contains("display_name", violations);
        Assert.Contains("partner_organisation", violations);

        // The platform administrator's view includes the other organisation's person; a wrong id is 404.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/identity/people/{Guid.NewGuid()}/deactivate", JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/identity/people/{otherId}/reset-password", new { newPassword = "a-new-password-for-them" })).StatusCode);
        var reset = await PersonTokens.SignInAsync(suite.GatewayHttpPort, other, "a-new-password-for-them");
        Assert.NotEmpty(reset.AccessToken);

        // Identity's own audit trail: the person's creation and the new password, for administrators only.
        var trail = (await GetOkAsync(admin, $"/api/identity/audit-records?recordType=Person&recordId={otherId}"))["records"]!.AsArray();
        Assert.Equal(["UPDATE", "CREATE"], trail.Select(r => r!["action"]!.GetValue<string>()));
        Assert.All(trail, r => Assert.Equal("platform-admin", r!["clientId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/identity/audit-records")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/identity/audit-records?pageSize=lots")).StatusCode);
    }

    [Fact]
    public async Task A_trust_system_acting_for_a_clinician_exchanges_their_token_and_the_audit_names_the_clinician()
    {
        var clinician = await PersonTokens.SignInAsync(suite.GatewayHttpPort, "staff@trust.example", "dev-trust-staff-password", PersonTokens.ClinicalApp);

        var exchanged = await ExchangeAsync(PersonTokens.ClinicalApp, clinician.AccessToken);
        Assert.Equal(HttpStatusCode.OK, exchanged.Status);
        var token = Read(exchanged.Body.GetProperty("access_token").GetString()!);
        var clinicianId = Read(clinician.AccessToken).Subject;
        Assert.Equal(clinicianId, token.Subject);
        Assert.Equal("trust-clinical-app", token.GetClaim("client_id").Value);
        Assert.Equal("trust-staff", token.GetClaim("person_role").Value);
        Assert.Equal("integrator", token.GetClaim("role").Value);
        Assert.Equal("trust-clinical-app", JsonDocument.Parse(token.GetClaim("act").Value).RootElement.GetProperty("sub").GetString());

        // An audited read with it names the clinician, and the system as the application.
        using var system = suite.RestWithToken(token.EncodedToken);
        var referralId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.NotFound, (await system.GetAsync($"/api/referrals/{referralId}")).StatusCode);
        using var admin = await suite.RestAsAsync("admin");
        var records = (await GetOkAsync(admin, $"/api/referrals/audit-records?recordId={referralId}&personId={clinicianId}"))["records"]!.AsArray();
        var record = Assert.Single(records);
        Assert.Equal("trust-clinical-app", record!["clientId"]!.GetValue<string>());
        Assert.Equal("trust-staff", record["personRole"]!.GetValue<string>());

        // Unverifiable claims of a person are refused: a system's own token names no person, a
        // made-up token is no token, and a client not allowed to act for people cannot exchange.
        var systemToken = await suite.TokenAsync("integrator");
        Assert.Equal(HttpStatusCode.BadRequest, (await ExchangeAsync(PersonTokens.ClinicalApp, systemToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ExchangeAsync(PersonTokens.ClinicalApp, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzb21lb25lIn0.")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ExchangeAsync(PersonTokens.Portal, clinician.AccessToken)).Status);
        // And a header naming a person changes nothing: the gateway strips identity headers.
        using var withHeader = suite.RestWithToken(await suite.TokenAsync("integrator"));
        withHeader.DefaultRequestHeaders.Add("X-Person-Id", clinicianId);
        var unrelated = Guid.NewGuid().ToString();
        await withHeader.GetAsync($"/api/referrals/{unrelated}");
        var trail = (await GetOkAsync(admin, $"/api/referrals/audit-records?recordId={unrelated}"))["records"]!.AsArray();
        Assert.Equal("", Assert.Single(trail)!["personId"]?.GetValue<string>() ?? "");
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ExchangeAsync(PersonTokens.App app, string subjectToken)
    {
        using var response = await suite.Rest.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = TokenExchange,
            ["subject_token"] = subjectToken,
            ["subject_token_type"] = AccessTokenType,
            ["client_id"] = app.ClientId,
            ["client_secret"] = app.Secret,
        }));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
