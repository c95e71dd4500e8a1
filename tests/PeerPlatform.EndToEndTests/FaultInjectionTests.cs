using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// Faults injected into the running suite (real PostgreSQL, RabbitMQ and service processes), each
/// checked Jepsen-style: every ReferralReceived written to Referral's outbox must be applied by
/// Outcomes exactly once — none lost, none applied twice, none unexpected. Runs with ./peer chaos
/// (its own suite instance, not part of ./peer test).
/// </summary>
[Trait("Category", "Chaos")]
[Collection(ChaosCollection.Name)]
public sealed class FaultInjectionTests(SuiteFixture suite, ITestOutputHelper output)
{
    // Outbox rows name their event by URN ("urn:message:peer.referral.v1:referral-received").
    private const string ReferralReceivedUrn = "%peer.referral.v1:referral-received";

    /// <summary>What the checker found: events written, applied, lost, applied twice, unexpected; publish attempts beyond the first.</summary>
    private sealed record Verdict(int Written, int Applied, int Lost, int AppliedTwice, int Unexpected, int Republished, int Unsent)
    {
        public override string ToString() =>
            $"written {Written}, applied {Applied}, lost {Lost}, applied twice {AppliedTwice}, unexpected {Unexpected}, publish retries {Republished}, unsent {Unsent}";
    }

    [Fact]
    public async Task RabbitMQ_restarted_three_times_during_a_burst_loses_nothing()
    {
        using var referral = await DirectReferralClientAsync();
        // Events keep being written, in batches, until the third restart is over (and at least 2,000 were acknowledged).
        var restartsDone = false;
        var burst = Task.Run(async () =>
        {
            var acknowledged = 0;
            while (!Volatile.Read(ref restartsDone) || acknowledged < 2000)
            {
                acknowledged += await CreateReferralsAsync(referral, 100, parallelism: 8);
            }

            return acknowledged;
        });
        var duringBurst = 0;
        for (var restart = 1; restart <= 3; restart++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            duringBurst += burst.IsCompleted ? 0 : 1;
            await suite.App.ResourceCommands.ExecuteCommandAsync("rabbitmq", KnownResourceCommands.StopCommand);
            await Task.Delay(TimeSpan.FromSeconds(3));
            await suite.App.ResourceCommands.ExecuteCommandAsync("rabbitmq", KnownResourceCommands.StartCommand);
            using var up = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await suite.App.ResourceNotifications.WaitForResourceHealthyAsync("rabbitmq", up.Token);
            output.WriteLine($"RabbitMQ restart {restart} done");
        }

        Volatile.Write(ref restartsDone, true);
        var created = await burst;
        var verdict = await CheckAsync(TimeSpan.FromMinutes(3));
        output.WriteLine($"{created} acknowledged creates; {verdict}");
        Assert.True(created >= 2000, $"only {created} creates succeeded: the write path should not need the broker");
        // The relay rides out a restart by waiting for the connection to recover (a publish then
        // completes or times out and is retried); either way every event arrives once.
        Assert.True(duringBurst == 3, $"only {duringBurst} restarts happened while events were being written");
        AssertClean(verdict);
    }

    [Fact]
    public async Task PostgreSQL_stopped_for_30_seconds_turns_health_unready_answers_503_and_loses_nothing()
    {
        using var referral = await DirectReferralClientAsync();
        using var gateway = await suite.RestAsAsync("integrator");
        await CreateReferralsAsync(referral, 50, parallelism: 4);

        await suite.App.ResourceCommands.ExecuteCommandAsync("postgres", KnownResourceCommands.StopCommand);
        var stoppedAt = Stopwatch.StartNew();
        try
        {
            using var probe = new HttpClient { BaseAddress = suite.App.GetEndpoint("referral", "http") };
            await TrustSystem.EventuallyAsync(async () => (await probe.GetAsync("/health")).StatusCode == HttpStatusCode.ServiceUnavailable, "Referral reports itself unready");
            var during = await gateway.PostAsJsonAsync("/api/referrals", NewReferral());
            var body = await during.Content.ReadAsStringAsync();
            output.WriteLine($"create while the database is down: {(int)during.StatusCode} {body}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Contains("temporarily unavailable", body);
            var read = await gateway.GetAsync($"/api/referrals/{Guid.NewGuid()}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        }
        finally
        {
            await Task.Delay(TimeSpan.FromSeconds(30) - stoppedAt.Elapsed is { Ticks: > 0 } remaining ? remaining : TimeSpan.Zero);
            await suite.App.ResourceCommands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand);
        }

        using var probeAfter = new HttpClient { BaseAddress = suite.App.GetEndpoint("referral", "http") };
        await TrustSystem.EventuallyAsync(async () => (await probeAfter.GetAsync("/health")).StatusCode == HttpStatusCode.OK, "Referral is ready again");
        var after = await CreateReferralsAsync(referral, 50, parallelism: 4);
        Assert.Equal(50, after);
        var verdict = await CheckAsync(TimeSpan.FromMinutes(2));
        output.WriteLine($"down for {stoppedAt.Elapsed.TotalSeconds:0} s; {verdict}");
        AssertClean(verdict);
    }

    private static void AssertClean(Verdict verdict)
    {
        Assert.True(verdict.Lost == 0, $"events lost: {verdict}");
        Assert.True(verdict.AppliedTwice == 0, $"events applied twice: {verdict}");
        Assert.True(verdict.Unexpected == 0, $"unexpected events: {verdict}");
        Assert.True(verdict.Unsent == 0, $"events never published: {verdict}");
    }

    /// <summary>
    /// Waits (up to <paramref name="patience"/>) for Outcomes to apply every ReferralReceived in
    /// Referral's outbox, then compares the two sets.
    /// </summary>
    private async Task<Verdict> CheckAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var written = await IdsAsync("referraldb", $"SELECT id FROM outbox_messages WHERE message_type LIKE '{ReferralReceivedUrn}'");
            var inbox = await IdsAsync("outcomesdb", "SELECT message_id FROM inbox_messages WHERE consumer = 'ReferralReceivedConsumer'");
            var applied = inbox.Distinct().ToHashSet();
            var readModel = await ScalarAsync("outcomesdb", "SELECT count(*) FROM referrals WHERE source IS NOT NULL");
            var lost = written.Count(id => !applied.Contains(id));
            var unsent = await ScalarAsync("referraldb", "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL");
            if ((lost == 0 && unsent == 0) || DateTime.UtcNow > deadline)
            {
                var republished = await ScalarAsync("referraldb", "SELECT coalesce(sum(attempts - 1), 0) FROM outbox_messages WHERE attempts > 1");
                // Applied twice: the inbox holding an id twice, or the read model counting more referrals than were received.
                var twice = (inbox.Count - applied.Count) + (int)Math.Max(0, readModel - applied.Count);
                return new Verdict(written.Count, applied.Count, lost, twice, applied.Count(id => !written.Contains(id)), (int)republished, (int)unsent);
            }

            await Task.Delay(500);
        }
    }

    private async Task<List<Guid>> IdsAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(suite.DatabaseConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(suite.DatabaseConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>The Referral service itself (not the gateway, whose rate limits would pace the burst), with an integrator token.</summary>
    private async Task<HttpClient> DirectReferralClientAsync()
    {
        var client = new HttpClient { BaseAddress = suite.App.GetEndpoint("referral", "http"), Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await suite.TokenAsync("integrator"));
        return client;
    }

    /// <summary>Creates referrals; returns how many were acknowledged (200). Refusals while a fault is on are expected.</summary>
    private static async Task<int> CreateReferralsAsync(HttpClient client, int count, int parallelism)
    {
        var acknowledged = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (_, cancellationToken) =>
        {
            try
            {
                using var response = await client.PostAsJsonAsync("/api/referrals", NewReferral(), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref acknowledged);
                }
            }
            catch (HttpRequestException)
            {
                // the service is down: not acknowledged, so not counted
            }
            catch (TaskCanceledException)
            {
                // a request cut off by the fault: its outcome is unknown to the caller, as in life
            }
        });
        return acknowledged;
    }

    private static object NewReferral() => new
    {
        client = new { givenName = "Chaos", familyName = "Monkey", dateOfBirth = "1980-01-01", nhsNumber = NhsNumbers.Random() },
        source = "REFERRAL_SOURCE_SELF",
        reason = "Fault injection",
    };
}

[CollectionDefinition(Name)]
public sealed class ChaosCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "Chaos";
}
