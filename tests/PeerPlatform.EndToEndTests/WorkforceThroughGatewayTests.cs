using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PeerPlatform.EndToEndTests;

/// <summary>Recruiting, training and employing a peer worker, through the gateway over REST.</summary>
[Collection(SuiteCollection.Name)]
public sealed class WorkforceThroughGatewayTests(SuiteFixture suite)
{
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd");

    private static async Task<JsonObject> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task A_hired_and_trained_worker_becomes_available_and_disappears_when_they_leave()
    {
        using var hr = await suite.RestAsAsync("integrator");
        var locality = "e2e-" + Guid.NewGuid().ToString("N")[..8];

        var team = await PostAsync(hr, "/api/workforce/teams", new { name = "Adult Community East", locality, serviceLine = "SERVICE_LINE_ADULT_COMMUNITY" });
        var teamId = team["teamId"]!.GetValue<string>();
        await PostAsync(hr, $"/api/workforce/teams/{teamId}/training", new { deliveredOn = Today, attendees = 12 });
        var agreed = await PostAsync(hr, $"/api/workforce/teams/{teamId}/role-agreement", new { version = "2026-1", agreedOn = Today, agreedBy = "Team manager" });
        Assert.True(agreed["readyForPeerWorkers"]!.GetValue<bool>());

        var module = await PostAsync(hr, "/api/workforce/training-modules", new { name = "Peer support values " + locality, mandatory = true, hours = 7.5 });
        var vacancy = await PostAsync(hr, "/api/workforce/vacancies", new { teamId, contractedHours = 30, closingDate = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd") });
        var applicant = await PostAsync(hr, $"/api/workforce/vacancies/{vacancy["vacancyId"]}/applicants", new { givenName = "Robin", familyName = "Shaw", declaresLivedExperience = true });
        var applicantId = applicant["applicantId"]!.GetValue<string>();

        // Hiring too early names the rule that stops it.
        var early = await PostAsync(hr, $"/api/workforce/applicants/{applicantId}/hire",
            new { startDate = Today, attributes = new { gender = "male", localities = new[] { locality } } }, HttpStatusCode.BadRequest);
        Assert.Contains("offered", early["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var skipped = await PostAsync(hr, $"/api/workforce/applicants/{applicantId}/advance", new { stage = "APPLICANT_STAGE_OFFERED" }, HttpStatusCode.BadRequest);
        Assert.Contains("Shortlisted", skipped["message"]!.GetValue<string>());

        foreach (var stage in new[] { "APPLICANT_STAGE_SHORTLISTED", "APPLICANT_STAGE_INTERVIEWED", "APPLICANT_STAGE_OFFERED" })
        {
            await PostAsync(hr, $"/api/workforce/applicants/{applicantId}/advance", new { stage });
        }

        await PostAsync(hr, $"/api/workforce/applicants/{applicantId}/checks", new { kind = "CHECK_KIND_REFERENCES", status = "CHECK_STATUS_CLEARED" });
        await PostAsync(hr, $"/api/workforce/applicants/{applicantId}/checks", new { kind = "CHECK_KIND_DBS", status = "CHECK_STATUS_CLEARED" });
        var worker = await PostAsync(hr, $"/api/workforce/applicants/{applicantId}/hire",
            new { startDate = Today, attributes = new { gender = "male", languages = new[] { "English", "Urdu" }, localities = new[] { locality } } });
        var workerId = worker["workerId"]!.GetValue<string>();
        Assert.Equal(7, worker["capacity"]!.GetValue<int>());

        var search = new { locality, preferredLanguage = "urdu" };
        Assert.Null((await PostAsync(hr, "/api/workforce/available-workers/search", search))["workers"]?.AsArray().FirstOrDefault());

        await PostAsync(hr, $"/api/workforce/workers/{workerId}/training", new { moduleId = module["moduleId"]!.GetValue<string>(), completedOn = Today });
        var found = (await PostAsync(hr, "/api/workforce/available-workers/search", search))["workers"]!.AsArray();
        var match = Assert.Single(found);
        Assert.Equal(workerId, match!["worker"]!["workerId"]!.GetValue<string>());
        Assert.Equal(3, match["fitScore"]!.GetValue<int>());

        var reservation = await PostAsync(hr, $"/api/workforce/workers/{workerId}/reservations", new { idempotencyKey = "e2e-" + locality, referralId = Guid.NewGuid() });
        Assert.Equal(workerId, reservation["workerId"]!.GetValue<string>());

        var left = await PostAsync(hr, $"/api/workforce/workers/{workerId}/leaving", new { leftOn = Today, reason = "Moved away" });
        Assert.Equal("EMPLOYMENT_STATUS_LEFT", left["status"]!.GetValue<string>());
        Assert.Null((await PostAsync(hr, "/api/workforce/available-workers/search", search))["workers"]?.AsArray().FirstOrDefault());

        // PeerWorkerLeft went through the outbox to RabbitMQ: its publish span reached telemetry.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!suite.Telemetry.Contains("traces", "peer.workforce.v1.peer-worker-left"))
        {
            Assert.True(DateTime.UtcNow < deadline, "PeerWorkerLeft was not published");
            await Task.Delay(200);
        }
    }
}
