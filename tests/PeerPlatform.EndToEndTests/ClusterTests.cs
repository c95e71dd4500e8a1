using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PeerPlatform.Contracts.Referral.V1;
using Xunit.Abstractions;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// The suite as the local Kubernetes overlay deploys it (images, migration jobs, two replicas of
/// Referral, Supervision and Outcomes), run with podman by <c>./peer cluster test</c>: what an
/// integrator and a partner see through the gateway, and what replicas do to the outbox, the
/// inbox and the overdue check (docs/reliability.md#replicas).
/// </summary>
[Trait("Category", "Cluster")]
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const string OrganisationA = "org-mind-north"; // partner A's partner_org claim
    private const string OrganisationB = "org-carers-east";

    private static string DaysAgo(int days) => DateTime.UtcNow.AddDays(-days).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_token_creates_a_referral_the_outcomes_summary_counts_it_and_partner_A_cannot_read_partner_B_session()
    {
        using var trust = await cluster.RestAsAsync(DevelopmentClients.Integrator);
        var before = await SourceCountAsync(trust, "carer");
        using var created = await trust.PostAsJsonAsync("/api/referrals", ReferralPayloads.Json(ReferralSource.Carer));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var referralId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["referralId"]!.GetValue<string>();
        Assert.Equal(referralId, (await GetOkAsync(trust, $"/api/referrals/{referralId}"))["referralId"]!.GetValue<string>());
        await EventuallyAsync(async () => await SourceCountAsync(trust, "carer") == before + 1, "the outcomes summary counts the referral");

        using var admin = await cluster.RestAsAsync(DevelopmentClients.Admin);
        foreach (var (id, kind) in new[] { (OrganisationA, "ORGANISATION_KIND_SERVICE_USER_LED"), (OrganisationB, "ORGANISATION_KIND_CARER_LED") })
        {
            var (status, body) = await PostAsync(admin, "/api/supervision/organisations", new { organisationId = id, name = "Partner " + id, kind });
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)status} {body}");
        }

        var (workerId, _) = await SupervisedWorkerAsync(trust, OrganisationB, daysAgo: 10);
        using var partnerB = await cluster.RestAsAsync(DevelopmentClients.PartnerB);
        using var partnerA = await cluster.RestAsAsync(DevelopmentClients.PartnerA);
        var supervisorId = (await OkAsync(partnerB, "/api/supervision/supervisors", new { givenName = "Morgan", familyName = "Ellis" }))["supervisorId"]!.GetValue<string>();
        await OkAsync(partnerB, $"/api/supervision/supervisors/{supervisorId}/training", new { course = "Peer supervision foundations", completedOn = DaysAgo(10) });
        var sessionId = (await OkAsync(partnerB, "/api/supervision/sessions", new
        {
            supervisorId,
            kind = "SESSION_KIND_INDIVIDUAL",
            scheduledFor = DateTime.UtcNow.AddDays(2).ToString("O"),
            durationMinutes = 60,
            workerIds = new[] { workerId },
        }))["sessionId"]!.GetValue<string>();

        Assert.Equal(sessionId, (await GetOkAsync(partnerB, $"/api/supervision/sessions/{sessionId}"))["sessionId"]!.GetValue<string>());
        using var refused = await partnerA.GetAsync($"/api/supervision/sessions/{sessionId}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    /// <summary>
    /// 1,000 referrals through the gateway, each sent until acknowledged with its own
    /// Idempotency-Key (as an integrator's retry would), while one replica each of Referral and
    /// Outcomes is killed. The checker then compares Referral's outbox with Outcomes' inbox and
    /// read model, as the chaos suite does.
    /// </summary>
    [Fact]
    public async Task Killing_a_replica_of_Referral_and_of_Outcomes_during_1000_creates_loses_none_and_applies_none_twice()
    {
        const int Referrals = 1000;
        using var trust = await cluster.RestAsAsync(DevelopmentClients.Integrator);
        var restartsBefore = (await cluster.RestartsAsync("referral-2-referral"), await cluster.RestartsAsync("outcomes-2-outcomes"));
        var outboxBefore = await cluster.ScalarAsync("referraldb", "SELECT count(*) FROM outbox_messages");
        var acknowledged = new ConcurrentDictionary<string, string>(); // idempotency key -> referral id
        var attempts = 0;
        var refusals = new ConcurrentDictionary<string, int>();
        var killed = new TaskCompletionSource();
        var timer = Stopwatch.StartNew();

        var creates = Parallel.ForEachAsync(Enumerable.Range(0, Referrals), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, _) =>
        {
            if (index == Referrals / 5)
            {
                killed.TrySetResult();
            }

            var key = Guid.NewGuid().ToString();
            var payload = ReferralPayloads.Json(ReferralSource.Self);
            for (var attempt = 1; ; attempt++)
            {
                Interlocked.Increment(ref attempts);
                Assert.True(attempt <= 60, $"referral {index} was not acknowledged after 60 attempts");
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(payload) };
                    request.Headers.Add("Idempotency-Key", key);
                    using var response = await trust.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged[key] = (await response.Content.ReadFromJsonAsync<JsonObject>())!["referralId"]!.GetValue<string>();
                        return;
                    }

                    Assert.True((int)response.StatusCode is 409 or 429 or >= 500, $"referral {index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    refusals.AddOrUpdate(((int)response.StatusCode).ToString(), 1, (_, n) => n + 1);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    refusals.AddOrUpdate(exception.GetType().Name, 1, (_, n) => n + 1);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Min(attempt, 8)));
            }
        });

        await killed.Task;
        await cluster.KillAsync("referral-2-referral");
        await cluster.KillAsync("outcomes-2-outcomes");
        output.WriteLine($"killed referral-2 and outcomes-2 after {timer.Elapsed.TotalSeconds:0.0} s");
        await creates;
        output.WriteLine($"{acknowledged.Count} acknowledged in {timer.Elapsed.TotalSeconds:0.0} s, {attempts} attempts; refused or failed: {string.Join(", ", refusals.Select(r => $"{r.Key} x{r.Value}"))}");

        // Each acknowledged once, as one referral: no retry created a second.
        Assert.Equal(Referrals, acknowledged.Count);
        Assert.Equal(Referrals, acknowledged.Values.Distinct().Count());
        var ids = string.Join(",", acknowledged.Values.Select(id => $"'{id}'"));
        Assert.Equal(Referrals, await cluster.ScalarAsync("referraldb", $"SELECT count(*) FROM referrals WHERE id IN ({ids})"));
        Assert.Equal(Referrals, await cluster.ScalarAsync("referraldb", $"SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%referral-received' AND payload->>'referralId' IN ({ids})"));
        // The killed replicas came back (restart policy Always, as a Deployment's pods).
        Assert.True(await cluster.RestartsAsync("referral-2-referral") > restartsBefore.Item1, "referral-2 was not killed and restarted");
        Assert.True(await cluster.RestartsAsync("outcomes-2-outcomes") > restartsBefore.Item2, "outcomes-2 was not killed and restarted");
        Assert.True(await cluster.IsRunningAsync("referral-2-referral") && await cluster.IsRunningAsync("outcomes-2-outcomes"), "a killed replica is not running again");

        // Every event written is published once the relays settle and applied exactly once by the two Outcomes replicas.
        var written = $"SELECT id FROM outbox_messages WHERE message_type LIKE '%referral-received' AND payload->>'referralId' IN ({ids})";
        var deadline = DateTime.UtcNow.AddMinutes(3);
        long unsent, applied;
        do
        {
            await Task.Delay(1000);
            unsent = await cluster.ScalarAsync("referraldb", "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL");
            var writtenIds = string.Join(",", (await cluster.QueryAsync("referraldb", written)).Select(id => $"'{id}'"));
            applied = await cluster.ScalarAsync("outcomesdb", $"SELECT count(DISTINCT message_id) FROM inbox_messages WHERE consumer = 'ReferralReceivedConsumer' AND message_id IN ({writtenIds})");
        }
        while ((unsent > 0 || applied < Referrals) && DateTime.UtcNow < deadline);

        var inboxRows = await cluster.ScalarAsync("outcomesdb", $"SELECT count(*) FROM inbox_messages WHERE consumer = 'ReferralReceivedConsumer' AND message_id IN ({string.Join(",", (await cluster.QueryAsync("referraldb", written)).Select(id => $"'{id}'"))})");
        var readModel = await cluster.ScalarAsync("outcomesdb", $"SELECT count(*) FROM referrals WHERE referral_id IN ({ids}) AND source IS NOT NULL");
        var republished = await cluster.ScalarAsync("referraldb", "SELECT coalesce(sum(attempts - 1), 0) FROM outbox_messages WHERE attempts > 1");
        output.WriteLine($"outbox rows written during the run {await cluster.ScalarAsync("referraldb", "SELECT count(*) FROM outbox_messages") - outboxBefore}; " +
            $"applied {applied}, inbox rows {inboxRows}, read model {readModel}, unsent {unsent}, publish retries (all time) {republished}; {timer.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, unsent);
        Assert.Equal(Referrals, applied);   // none lost
        Assert.Equal(Referrals, inboxRows); // none applied twice
        Assert.Equal(Referrals, readModel);
    }

    /// <summary>
    /// Two Supervision replicas check for overdue supervision (every 10 s in the local overlay): a
    /// worker whose agreement is past its frequency is announced once, not once per replica or per pass.
    /// </summary>
    [Fact]
    public async Task Two_supervision_replicas_announce_an_overdue_worker_once()
    {
        using var trust = await cluster.RestAsAsync(DevelopmentClients.Integrator);
        using var admin = await cluster.RestAsAsync(DevelopmentClients.Admin);
        var (status, body) = await PostAsync(admin, "/api/supervision/organisations", new { organisationId = OrganisationA, name = "Partner " + OrganisationA, kind = "ORGANISATION_KIND_SERVICE_USER_LED" });
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)status} {body}");
        Assert.True(await cluster.IsRunningAsync("supervision-1-supervision") && await cluster.IsRunningAsync("supervision-2-supervision"), "both Supervision replicas run");

        var (_, agreementId) = await SupervisedWorkerAsync(trust, OrganisationA, daysAgo: 60);
        var announcements = $"SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%supervision-overdue' AND payload->>'agreementId' = '{agreementId}'";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await cluster.ScalarAsync("supervisiondb", announcements) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no replica announced the overdue worker within 60 s");
            await Task.Delay(1000);
        }

        // Several more passes of both replicas.
        await Task.Delay(TimeSpan.FromSeconds(35));
        Assert.Equal(1, await cluster.ScalarAsync("supervisiondb", announcements));
    }

    private static async Task<int> SourceCountAsync(HttpClient client, string source) =>
        (await GetOkAsync(client, "/api/outcomes/summary"))["referralsBySource"]?.AsArray()
            .Where(s => s!["source"]!.GetValue<string>() == source)
            .Select(s => s!["referrals"]?.GetValue<int>() ?? 0)
            .SingleOrDefault() ?? 0;
}
