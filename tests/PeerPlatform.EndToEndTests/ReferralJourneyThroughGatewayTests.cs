using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PeerPlatform.EndToEndTests;

/// <summary>The consent-first journey through the gateway, as a trust system would drive it.</summary>
[Collection(SuiteCollection.Name)]
public sealed class ReferralJourneyThroughGatewayTests(SuiteFixture suite)
{
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd");

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static async Task<string> NewReferralAsync(HttpClient client)
    {
        var (status, body) = await PostAsync(client, "/api/referrals", new
        {
            client = new { givenName = "Ali", familyName = "Khan", dateOfBirth = "1990-01-01", nhsNumber = "4010232137" },
            source = "REFERRAL_SOURCE_CLINICAL_TEAM",
            referrer = new { name = "Care coordinator" },
            reason = "Isolated after discharge",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        return body["referralId"]!.GetValue<string>();
    }

    [Fact]
    public async Task Acceptance_is_refused_until_information_and_consent_are_recorded()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var id = await NewReferralAsync(trust);

        var (status, body) = await PostAsync(trust, $"/api/referrals/{id}/accept", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(9, body["code"]!.GetValue<int>()); // FAILED_PRECONDITION
        Assert.Contains("information about peer support", body["message"]!.GetValue<string>());

        (status, _) = await PostAsync(trust, $"/api/referrals/{id}/information", new { givenBy = "Peer support lead", givenOn = Today, method = "INFORMATION_METHOD_IN_PERSON" });
        Assert.Equal(HttpStatusCode.OK, status);
        (status, body) = await PostAsync(trust, $"/api/referrals/{id}/accept", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("consent", body["message"]!.GetValue<string>());

        (status, _) = await PostAsync(trust, $"/api/referrals/{id}/consent", new { consentGiven = true });
        Assert.Equal(HttpStatusCode.OK, status);
        (status, body) = await PostAsync(trust, $"/api/referrals/{id}/accept", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("REFERRAL_STATUS_ACCEPTED", body["status"]!.GetValue<string>());
        Assert.Equal(4, body["history"]!.AsArray().Count);
        Assert.True(body["consentGiven"]!.GetValue<bool>());

        // Consent withdrawn before matching: the referral is withdrawn and stays closed.
        (status, body) = await PostAsync(trust, $"/api/referrals/{id}/consent/withdraw", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("REFERRAL_STATUS_WITHDRAWN", body["status"]!.GetValue<string>());
        (status, _) = await PostAsync(trust, $"/api/referrals/{id}/accept", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task A_declined_referral_needs_a_reason_and_goes_no_further()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var id = await NewReferralAsync(trust);
        await PostAsync(trust, $"/api/referrals/{id}/information", new { givenBy = "GP", givenOn = Today, method = "INFORMATION_METHOD_WRITTEN" });

        var (status, body) = await PostAsync(trust, $"/api/referrals/{id}/consent", new { consentGiven = false });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("decline_reason", body["message"]!.GetValue<string>());

        (status, body) = await PostAsync(trust, $"/api/referrals/{id}/consent", new { consentGiven = false, declineReason = "Not ready" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("REFERRAL_STATUS_DECLINED", body["status"]!.GetValue<string>());

        (status, _) = await PostAsync(trust, $"/api/referrals/{id}/contacts", new { contactAt = DateTime.UtcNow.AddMinutes(-5), durationMinutes = 30, mode = "CONTACT_MODE_PHONE" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}
