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
            client = new { givenName = "Ali", familyName = "Khan", dateOfBirth = "1990-01-01", nhsNumber = NhsNumbers.Random() },
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

    /// <summary>Hires and trains a worker in <paramref name="locality"/> through the Workforce API; returns the worker id.</summary>
    private static async Task<string> ReadyWorkerAsync(HttpClient hr, string locality)
    {
        async Task<JsonObject> Ok(string path, object body)
        {
            var (status, json) = await PostAsync(hr, path, body);
            Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {json}");
            return json;
        }

        var team = await Ok("/api/workforce/teams", new { name = "Team " + locality, locality, serviceLine = "SERVICE_LINE_ADULT_COMMUNITY" });
        var vacancy = await Ok("/api/workforce/vacancies", new { teamId = team["teamId"]!.GetValue<string>(), contractedHours = 37.5, closingDate = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd") });
        var applicantId = (await Ok($"/api/workforce/vacancies/{vacancy["vacancyId"]}/applicants", new { givenName = "Pat", familyName = "Doe", declaresLivedExperience = true }))["applicantId"]!.GetValue<string>();
        foreach (var stage in new[] { "APPLICANT_STAGE_SHORTLISTED", "APPLICANT_STAGE_INTERVIEWED", "APPLICANT_STAGE_OFFERED" })
        {
            await Ok($"/api/workforce/applicants/{applicantId}/advance", new { stage });
        }

        await Ok($"/api/workforce/applicants/{applicantId}/checks", new { kind = "CHECK_KIND_REFERENCES", status = "CHECK_STATUS_CLEARED" });
        await Ok($"/api/workforce/applicants/{applicantId}/checks", new { kind = "CHECK_KIND_DBS", status = "CHECK_STATUS_CLEARED" });
        var worker = await Ok($"/api/workforce/applicants/{applicantId}/hire", new { startDate = Today, attributes = new { gender = "female", languages = new[] { "English" }, localities = new[] { locality } } });
        var workerId = worker["workerId"]!.GetValue<string>();
        var modules = (await hr.GetFromJsonAsync<JsonObject>("/api/workforce/training-modules"))!["modules"]?.AsArray() ?? [];
        foreach (var module in modules.Where(m => m!["mandatory"]?.GetValue<bool>() == true))
        {
            await Ok($"/api/workforce/workers/{workerId}/training", new { moduleId = module!["moduleId"]!.GetValue<string>(), completedOn = Today });
        }

        return workerId;
    }

    private static async Task<int> CaseloadAsync(HttpClient hr, string workerId) =>
        (await hr.GetFromJsonAsync<JsonObject>($"/api/workforce/workers/{workerId}"))!["currentCaseload"]?.GetValue<int>() ?? 0;

    private static async Task<string> AcceptedReferralAsync(HttpClient trust, string locality)
    {
        var (status, body) = await PostAsync(trust, "/api/referrals", new
        {
            client = new { givenName = "Jo", familyName = "Bloggs", dateOfBirth = "1980-02-02", nhsNumber = NhsNumbers.Random(), locality, preferences = new { workerGender = "female" } },
            source = "REFERRAL_SOURCE_SELF",
            reason = "Wants to rebuild confidence",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        var id = body["referralId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(trust, $"/api/referrals/{id}/information", new { givenBy = "Peer lead", givenOn = Today, method = "INFORMATION_METHOD_VIDEO" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(trust, $"/api/referrals/{id}/consent", new { consentGiven = true })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(trust, $"/api/referrals/{id}/accept", new { })).Status);
        return id;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_referral_is_matched_with_a_real_worker_started_ended_and_the_slot_released()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "match-" + Guid.NewGuid().ToString("N")[..8];
        var workerId = await ReadyWorkerAsync(trust, locality);
        var id = await AcceptedReferralAsync(trust, locality);

        var (status, matched) = await PostAsync(trust, $"/api/referrals/{id}/match", new { });
        Assert.True(status == HttpStatusCode.OK, matched.ToJsonString());
        Assert.Equal("REFERRAL_STATUS_MATCHED", matched["status"]!.GetValue<string>());
        Assert.Equal(workerId, matched["assignedWorkerId"]!.GetValue<string>());
        Assert.Equal(1, await CaseloadAsync(trust, workerId));

        var (contactStatus, active) = await PostAsync(trust, $"/api/referrals/{id}/contacts", new { contactAt = DateTime.UtcNow, durationMinutes = 45, mode = "CONTACT_MODE_FACE_TO_FACE", notes = "Met at the library" });
        Assert.Equal(HttpStatusCode.OK, contactStatus);
        Assert.Equal("REFERRAL_STATUS_ACTIVE", active["status"]!.GetValue<string>());

        Assert.Equal(0, active["daysToFirstContact"]!.GetValue<int>());
        Assert.True(active["firstContactWithinTarget"]!.GetValue<bool>());
        var byWorker = (await trust.GetFromJsonAsync<JsonObject>($"/api/referrals?workerId={workerId}&status=REFERRAL_STATUS_ACTIVE"))!["referrals"]!.AsArray();
        Assert.Equal(id, Assert.Single(byWorker)!["referralId"]!.GetValue<string>());

        var (endStatus, ended) = await PostAsync(trust, $"/api/referrals/{id}/end", new { reason = "END_REASON_GOALS_MET" });
        Assert.Equal(HttpStatusCode.OK, endStatus);
        Assert.Equal("REFERRAL_STATUS_ENDED", ended["status"]!.GetValue<string>());

        // EngagementEnded reaches Workforce through the outbox and RabbitMQ, which frees the slot.
        await EventuallyAsync(async () => await CaseloadAsync(trust, workerId) == 0, "the worker's slot was released");
    }

    [Fact]
    public async Task With_workforce_stopped_matching_is_unavailable_and_changes_nothing_then_succeeds_once_it_is_back()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "outage-" + Guid.NewGuid().ToString("N")[..8];
        var workerId = await ReadyWorkerAsync(trust, locality);
        var id = await AcceptedReferralAsync(trust, locality);

        await suite.App.ResourceCommands.ExecuteCommandAsync("workforce", Aspire.Hosting.ApplicationModel.KnownResourceCommands.StopCommand);
        try
        {
            var (status, body) = await PostAsync(trust, $"/api/referrals/{id}/match", new { });
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"{(int)status} {body}");
            Assert.Equal(14, body["code"]!.GetValue<int>()); // UNAVAILABLE

            var unchanged = (await trust.GetFromJsonAsync<JsonObject>($"/api/referrals/{id}"))!;
            Assert.Equal("REFERRAL_STATUS_ACCEPTED", unchanged["status"]!.GetValue<string>());
            Assert.Equal(4, unchanged["history"]!.AsArray().Count);
        }
        finally
        {
            await suite.App.ResourceCommands.ExecuteCommandAsync("workforce", Aspire.Hosting.ApplicationModel.KnownResourceCommands.StartCommand);
            using var healthy = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await suite.App.ResourceNotifications.WaitForResourceHealthyAsync("workforce", healthy.Token);
        }

        var (afterStatus, matched) = await PostAsync(trust, $"/api/referrals/{id}/match", new { });
        Assert.True(afterStatus == HttpStatusCode.OK, matched.ToJsonString());
        Assert.Equal(workerId, matched["assignedWorkerId"]!.GetValue<string>());
        Assert.Equal(1, await CaseloadAsync(trust, workerId)); // exactly one slot, despite the failed attempt
    }

    [Fact]
    public async Task When_the_matched_worker_leaves_the_referral_goes_back_for_matching()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "leave-" + Guid.NewGuid().ToString("N")[..8];
        var workerId = await ReadyWorkerAsync(trust, locality);
        var id = await AcceptedReferralAsync(trust, locality);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(trust, $"/api/referrals/{id}/match", new { })).Status);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(trust, $"/api/workforce/workers/{workerId}/leaving", new { leftOn = Today, reason = "Moved away" })).Status);

        await EventuallyAsync(async () =>
            (await trust.GetFromJsonAsync<JsonObject>($"/api/referrals/{id}"))!["status"]!.GetValue<string>() == "REFERRAL_STATUS_ACCEPTED",
            "PeerWorkerLeft returned the referral to Accepted");
        var (status, body) = await PostAsync(trust, $"/api/referrals/{id}/match", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status); // the only worker has left
        Assert.Contains("No peer worker is available", body["message"]!.GetValue<string>());
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

        // It never reaches a worker: no match, no contact, no acceptance.
        (status, body) = await PostAsync(trust, $"/api/referrals/{id}/match", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("consent", body["message"]!.GetValue<string>());
        (status, _) = await PostAsync(trust, $"/api/referrals/{id}/contacts", new { contactAt = DateTime.UtcNow.AddMinutes(-5), durationMinutes = 30, mode = "CONTACT_MODE_PHONE" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await PostAsync(trust, $"/api/referrals/{id}/accept", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var declined = (await trust.GetFromJsonAsync<JsonObject>($"/api/referrals/{id}"))!;
        Assert.Equal("", declined["assignedWorkerId"]?.GetValue<string>() ?? "");
    }
}
