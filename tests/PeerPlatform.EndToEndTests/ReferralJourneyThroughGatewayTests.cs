using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PeerPlatform.Contracts.Referral.V1;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests;

/// <summary>The consent-first journey through the gateway, as a trust system would drive it.</summary>
[Collection(SuiteCollection.Name)]
public sealed class ReferralJourneyThroughGatewayTests(SuiteFixture suite)
{
    private static async Task<string> NewReferralAsync(HttpClient client)
    {
        var (status, body) = await PostAsync(client, "/api/referrals", ReferralPayloads.Json(ReferralSource.ClinicalTeam));
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

    [Fact]
    public async Task A_referral_is_matched_with_a_real_worker_started_ended_and_the_slot_released()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "match-" + Guid.NewGuid().ToString("N")[..8];
        var workerId = await HireWorkerAsync(trust, locality);
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
    public async Task Matches_racing_for_the_last_slots_take_the_next_free_worker_instead_of_failing()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "race-" + Guid.NewGuid().ToString("N")[..8];
        string[] workers = [await HireWorkerAsync(trust, locality), await HireWorkerAsync(trust, locality)];
        var capacity = 0;
        foreach (var worker in workers)
        {
            capacity += (await trust.GetFromJsonAsync<JsonObject>($"/api/workforce/workers/{worker}"))!["capacity"]!.GetValue<int>();
        }

        var referrals = new List<string>();
        for (var i = 0; i < capacity; i++)
        {
            referrals.Add(await AcceptedReferralAsync(trust, locality));
        }

        // All at once: each search offers the same best worker until its slots are gone, and the
        // matches that lose the race for its last slot go on to the other worker.
        var matches = await Task.WhenAll(referrals.Select(id => PostAsync(trust, $"/api/referrals/{id}/match", new { })));

        Assert.All(matches, m => Assert.True(m.Status == HttpStatusCode.OK, m.Body.ToJsonString()));
        Assert.Equal(capacity, await CaseloadAsync(trust, workers[0]) + await CaseloadAsync(trust, workers[1]));
        var (status, body) = await PostAsync(trust, $"/api/referrals/{await AcceptedReferralAsync(trust, locality)}/match", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("No peer worker is available", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_workforce_stopped_matching_is_unavailable_and_changes_nothing_then_succeeds_once_it_is_back()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "outage-" + Guid.NewGuid().ToString("N")[..8];
        var workerId = await HireWorkerAsync(trust, locality);
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
        var workerId = await HireWorkerAsync(trust, locality);
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
