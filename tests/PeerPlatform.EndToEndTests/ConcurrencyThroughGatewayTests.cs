using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PeerPlatform.Contracts.Referral.V1;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests;

/// <summary>Callers that race each other or retry: no lost update, no duplicate.</summary>
[Collection(SuiteCollection.Name)]
public sealed class ConcurrencyThroughGatewayTests(SuiteFixture suite)
{
    [Fact]
    public async Task Concurrent_changes_to_one_referral_let_exactly_one_win_and_refuse_the_rest()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var referralId = (await OkAsync(trust, "/api/referrals", ReferralPayloads.Json(ReferralSource.Self)))["referralId"]!.GetValue<string>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => PostAsync(trust, $"/api/referrals/{referralId}/information",
            new { givenBy = "Worker " + i, givenOn = Today, method = "INFORMATION_METHOD_PHONE" })));

        await Task.Delay(1500);
        Assert.True(answers.All(a => a.Status != HttpStatusCode.InternalServerError), string.Join("\n", suite.Telemetry.Excerpts("logs", "Unhandled")));
        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        // The others lost the race: a conflict (409, changed underneath them) or, if they read
        // after the winner committed, the rule that information is already recorded (400).
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.True(a.Status is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, $"{(int)a.Status} {a.Body}"));
        var history = (await GetOkAsync(trust, $"/api/referrals/{referralId}"))["history"]!.AsArray();
        Assert.Single(history, h => h!["toStatus"]?.GetValue<string>() == "REFERRAL_STATUS_INFORMATION_GIVEN");
        var winner = answers.Single(a => a.Status == HttpStatusCode.OK).Body["informationGivenBy"]?.GetValue<string>();
        Assert.Equal(winner, (await GetOkAsync(trust, $"/api/referrals/{referralId}"))["informationGivenBy"]?.GetValue<string>());
    }

    private sealed record TeamBody(string name, string locality, string serviceLine);

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_creates_once_and_answers_the_same()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "idem-" + Guid.NewGuid().ToString("N")[..8];
        var team = new TeamBody("Idempotent team", locality, "SERVICE_LINE_ADULT_COMMUNITY");

        async Task<(HttpStatusCode Status, JsonObject Body)> CreateAsync(string key, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workforce/teams") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await trust.SendAsync(request);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
        }

        var key = Guid.NewGuid().ToString();
        var first = await CreateAsync(key, team);
        var retry = await CreateAsync(key, team);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(first.Body["teamId"]!.GetValue<string>(), retry.Body["teamId"]!.GetValue<string>());

        // The same key with a different request is a mistake the caller must hear about.
        var misuse = await CreateAsync(key, team with { name = "Another team" });
        Assert.Equal(HttpStatusCode.BadRequest, misuse.Status);
        Assert.Contains("Idempotency-Key", misuse.Body["message"]!.GetValue<string>());

        // Concurrent retries with one key: one creates, the others wait for its commit and get its answer.
        var raceKey = Guid.NewGuid().ToString();
        var raced = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CreateAsync(raceKey, team)));
        Assert.All(raced, r => Assert.True(r.Status is HttpStatusCode.OK, $"{(int)r.Status} {r.Body}"));
        Assert.Single(raced.Select(r => r.Body["teamId"]!.GetValue<string>()).Distinct());

        // Without a key, the same request creates another team: two keys, two creations, three teams in all.
        await OkAsync(trust, "/api/workforce/teams", team);
        var teams = (await GetOkAsync(trust, $"/api/workforce/teams?locality={locality}"))["teams"]!.AsArray();
        Assert.Equal(3, teams.Count);
    }
}
