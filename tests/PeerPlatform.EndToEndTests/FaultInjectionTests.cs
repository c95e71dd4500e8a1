using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MassTransit;
using Npgsql;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.Messaging.Faults;
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
public sealed class FaultInjectionTests(ChaosSuiteFixture suite, ITestOutputHelper output)
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
            try
            {
                if (restart == 1)
                {
                    // Readiness tells the truth: a consumer without its broker is not ready.
                    await HealthBecomesAsync("outcomes", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60));
                }
                else
                {
                    await Task.Delay(TimeSpan.FromSeconds(3));
                }
            }
            finally
            {
                await suite.App.ResourceCommands.ExecuteCommandAsync("rabbitmq", KnownResourceCommands.StartCommand);
            }

            using var up = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await suite.App.ResourceNotifications.WaitForResourceHealthyAsync("rabbitmq", up.Token);
            if (restart == 1)
            {
                // ... and recovers by itself once the broker is back.
                await HealthBecomesAsync("outcomes", HttpStatusCode.OK, TimeSpan.FromSeconds(120));
            }

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
            var during = await gateway.PostAsJsonAsync("/api/referrals", ReferralPayloads.Json(ReferralSource.Self));
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

    [Fact]
    public async Task A_service_killed_after_committing_before_its_relay_publishes_delivers_everything_after_restart()
    {
        using var referral = await DirectReferralClientAsync();
        await CreateReferralsAsync(referral, 20, parallelism: 4);
        AssertClean(await CheckAsync(TimeSpan.FromMinutes(1)));

        // The relay claims the rows the next requests commit, and the process dies before publishing any.
        var armed = suite.Arm("referral", FaultPoints.OutboxBeforePublish);
        var acknowledged = await CreateReferralsAsync(referral, 40, parallelism: 4, stopAtFirstFailure: true);
        var state = await WaitUntilDeadAsync("referral");
        var unsentAtDeath = await ScalarAsync("referraldb", "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL");
        output.WriteLine($"Referral {state} after {acknowledged} acknowledged creates; {unsentAtDeath} committed events unsent");
        await RestartAsync("referral");
        Assert.False(File.Exists(armed), "the fault point did not fire");
        Assert.True(unsentAtDeath > 0, "the process died with nothing committed and unsent: the scenario did not happen");

        var verdict = await CheckAsync(TimeSpan.FromMinutes(2));
        output.WriteLine($"after restart: {verdict}");
        AssertClean(verdict);
    }

    [Fact]
    public async Task A_relay_crash_after_the_broker_confirmed_but_before_marking_sent_republishes_and_the_inbox_drops_the_copies()
    {
        using var referral = await DirectReferralClientAsync();
        var skippedBefore = DistinctMessageIdsLogged("outcomes", "skipped duplicate message");

        // The relay publishes a batch, the broker confirms it, and the process dies before the rows are marked sent.
        var armed = suite.Arm("referral", FaultPoints.OutboxAfterConfirm);
        var acknowledged = await CreateReferralsAsync(referral, 40, parallelism: 4, stopAtFirstFailure: true);
        await WaitUntilDeadAsync("referral");
        var unmarkedAtDeath = await ScalarAsync("referraldb", "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL");
        output.WriteLine($"{acknowledged} acknowledged creates; {unmarkedAtDeath} events not marked sent at the crash");
        await RestartAsync("referral");
        Assert.False(File.Exists(armed), "the fault point did not fire");
        Assert.True(unmarkedAtDeath > 0, "no published event was left unmarked: the scenario did not happen");

        var verdict = await CheckAsync(TimeSpan.FromMinutes(2));
        var duplicates = await EventuallyCountAsync(() => DistinctMessageIdsLogged("outcomes", "skipped duplicate message") - skippedBefore);
        output.WriteLine($"after restart: {verdict}; {duplicates} republished copies dropped by Outcomes' inbox");
        Assert.True(duplicates > 0, "no republished copy reached Outcomes: the crash window was not exercised");
        AssertClean(verdict);
    }

    [Fact]
    public async Task A_consumer_killed_while_processing_gets_its_messages_redelivered_and_applies_each_once()
    {
        using var referral = await DirectReferralClientAsync();
        var redeliveredBefore = DistinctMessageIdsLogged("outcomes", "received redelivered message");

        // Outcomes applies a message, and dies before committing it or acknowledging anything prefetched.
        var armed = suite.Arm("outcomes", FaultPoints.ConsumerBeforeCommit);
        var acknowledged = await CreateReferralsAsync(referral, 200, parallelism: 8, stopAtFirstFailure: true);
        var state = await WaitUntilDeadAsync("outcomes");
        output.WriteLine($"Outcomes {state}; {acknowledged} referrals created");
        await RestartAsync("outcomes");
        Assert.False(File.Exists(armed), "the fault point did not fire");

        var verdict = await CheckAsync(TimeSpan.FromMinutes(2));
        var redelivered = await EventuallyCountAsync(() => DistinctMessageIdsLogged("outcomes", "received redelivered message") - redeliveredBefore);
        output.WriteLine($"after restart: {verdict}; {redelivered} messages redelivered");
        Assert.True(redelivered > 0, "nothing was redelivered: the kill did not interrupt a delivery");
        AssertClean(verdict);
    }

    [Fact]
    public async Task A_poison_message_is_retried_dead_lettered_with_a_fault_event_while_the_queue_flows_and_operators_redrive_it()
    {
        using var referral = await DirectReferralClientAsync();
        using var operatorClient = await suite.RestAsAsync("operator");
        var poison = new ReferralReceived(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), "self", "routine");
        var poisonFile = suite.Poison("outcomes", poison.EventId);

        // A third party publishes an event Outcomes cannot apply; a fault observer listens as any subscriber could.
        var faults = new System.Collections.Concurrent.ConcurrentQueue<Fault<ReferralReceived>>();
        var observer = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(suite.BrokerUri.Host, (ushort)suite.BrokerUri.Port, "/", host =>
            {
                host.Username(LocalSuite.BrokerUserName);
                host.Password(LocalSuite.DevelopmentPassword);
            });
            rabbit.ReceiveEndpoint("chaos-fault-observer-" + Guid.NewGuid().ToString("N")[..8], endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<Fault<ReferralReceived>>(context =>
                {
                    faults.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await observer.StartAsync();
        try
        {
            await observer.Publish(poison, context => context.MessageId = poison.EventId);

            // The queue behind it keeps flowing: everything else is applied while the poison is retried and parked.
            var created = await CreateReferralsAsync(referral, 30, parallelism: 4);
            Assert.Equal(30, created);
            var flowing = await CheckAsync(TimeSpan.FromMinutes(1));
            output.WriteLine($"while poisoned: {flowing}");
            Assert.Equal(0, flowing.Lost);

            JsonElement deadLetter = default;
            await TrustSystem.EventuallyAsync(async () =>
            {
                var listed = await operatorClient.GetFromJsonAsync<JsonElement>("/api/outcomes/dead-letters");
                deadLetter = listed.GetProperty("deadLetters").EnumerateArray()
                    .FirstOrDefault(d => d.GetProperty("messageId").GetString() == poison.EventId.ToString());
                return deadLetter.ValueKind == JsonValueKind.Object;
            }, "the poison message is listed in Outcomes' dead letters");
            output.WriteLine($"dead letter: {deadLetter}");
            Assert.Contains(nameof(InjectedFaultException), deadLetter.GetProperty("exceptionType").GetString());
            Assert.Contains("poison", deadLetter.GetProperty("exceptionMessage").GetString());
            // Tried once and retried five times (each refusal is logged), then parked.
            Assert.Equal(6, await EventuallyCountAsync(() => suite.Telemetry.LogRecords().Count(r => r.Service == "outcomes" && r.Body.Contains($"Refusing message {poison.EventId}")), atLeast: 6));
            await TrustSystem.EventuallyAsync(() => Task.FromResult(faults.Any(f => f.Message.EventId == poison.EventId)), "a Fault<ReferralReceived> event is published");
            Assert.Equal(0, await ScalarAsync("outcomesdb", $"SELECT count(*) FROM inbox_messages WHERE message_id = '{poison.EventId}'"));

            // The cause is fixed; the operator moves it back and it is applied, once.
            File.Delete(poisonFile);
            suite.ThirdPartyEvents.Add(poison.EventId);
            var queue = deadLetter.GetProperty("queue").GetString();
            using var redrive = await operatorClient.PostAsJsonAsync("/api/outcomes/dead-letters/redrive", new { queue, messageIds = new[] { poison.EventId } });
            var redriven = await redrive.Content.ReadFromJsonAsync<JsonElement>();
            output.WriteLine($"redrive: {(int)redrive.StatusCode} {redriven}");
            Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);
            Assert.Equal(1, redriven.GetProperty("moved").GetInt32());
            await TrustSystem.EventuallyAsync(
                async () => await ScalarAsync("outcomesdb", $"SELECT count(*) FROM inbox_messages WHERE message_id = '{poison.EventId}'") == 1,
                "the re-driven message is applied");
            var verdict = await CheckAsync(TimeSpan.FromMinutes(1));
            output.WriteLine($"after re-drive: {verdict}");
            AssertClean(verdict);
        }
        finally
        {
            File.Delete(poisonFile);
            await observer.StopAsync();
        }
    }

    /// <summary>Polls a service's own /health until it answers <paramref name="status"/>; records how long that took.</summary>
    private async Task HealthBecomesAsync(string service, HttpStatusCode status, TimeSpan patience)
    {
        using var probe = new HttpClient { BaseAddress = suite.App.GetEndpoint(service, "http"), Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await probe.GetAsync("/health")).StatusCode == status)
                {
                    output.WriteLine($"{service} /health answered {(int)status} after {waited.Elapsed.TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Assert.True(waited.Elapsed < patience, $"{service} /health did not answer {(int)status} within {patience.TotalSeconds} s");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits for the orchestrator to see the resource's process gone.</summary>
    private async Task<string> WaitUntilDeadAsync(string resource)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await suite.App.ResourceNotifications.WaitForResourceAsync(
            resource, [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart], patience.Token);
    }

    private async Task RestartAsync(string resource)
    {
        var started = Stopwatch.StartNew();
        var result = await suite.App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        Assert.True(result.Success, $"starting {resource} again failed: {result.Message}");
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await suite.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, patience.Token);
        output.WriteLine($"{resource} restarted and healthy in {started.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>How many distinct message ids <paramref name="service"/> logged with <paramref name="text"/> (from the suite's OTLP logs).</summary>
    private int DistinctMessageIdsLogged(string service, string text) => suite.Telemetry.LogRecords()
        .Where(r => r.Service == service && r.Body.Contains(text, StringComparison.Ordinal))
        .Select(r => r.Attributes.GetValueOrDefault("MessageId"))
        .Distinct()
        .Count();

    /// <summary>Logs are exported in batches: gives the exporter a few seconds to deliver at least <paramref name="atLeast"/>.</summary>
    private static async Task<int> EventuallyCountAsync(Func<int> count, int atLeast = 1)
    {
        for (var attempt = 0; attempt < 20 && count() < atLeast; attempt++)
        {
            await Task.Delay(500);
        }

        return count();
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
            written.AddRange(suite.ThirdPartyEvents.Where(id => !written.Contains(id)));
            var inbox = await IdsAsync("outcomesdb", "SELECT message_id FROM inbox_messages WHERE consumer = 'ReferralReceivedConsumer'");
            var applied = inbox.Distinct().ToHashSet();
            var readModel = await ScalarAsync("outcomesdb", "SELECT count(*) FROM referrals WHERE source IS NOT NULL");
            var lost = written.Count(id => !applied.Contains(id));
            var unsent = await ScalarAsync("referraldb", "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL");
            if ((lost == 0 && unsent == 0) || DateTime.UtcNow > deadline)
            {
                if (lost > 0 || unsent > 0)
                {
                    await DescribeBacklogAsync();
                }

                var republished = await ScalarAsync("referraldb", "SELECT coalesce(sum(attempts - 1), 0) FROM outbox_messages WHERE attempts > 1");
                // Applied twice: the inbox holding an id twice, or the read model counting more referrals than were received.
                var twice = (inbox.Count - applied.Count) + (int)Math.Max(0, readModel - applied.Count);
                return new Verdict(written.Count, applied.Count, lost, twice, applied.Count(id => !written.Contains(id)), (int)republished, (int)unsent);
            }

            await Task.Delay(500);
        }
    }

    /// <summary>For a failed check: what the unsent rows say, and what the services warned about.</summary>
    private async Task DescribeBacklogAsync()
    {
        await using var connection = new NpgsqlConnection(CheckerConnectionString("referraldb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT attempts, coalesce(last_error, '-'), count(*), min(occurred_at), max(next_attempt_at) FROM outbox_messages WHERE sent_at IS NULL GROUP BY 1, 2", connection);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                output.WriteLine($"unsent: attempts {reader.GetInt32(0)}, last error {reader.GetString(1)}: {reader.GetInt64(2)} rows, oldest {reader.GetDateTime(3):O}, next attempt by {reader.GetDateTime(4):O}");
            }
        }

        foreach (var warning in suite.Telemetry.LogRecords().Where(r => r.SeverityNumber >= 13 && r.Service is "referral" or "outcomes")
            .GroupBy(r => (r.Service, Text: System.Text.RegularExpressions.Regex.Replace(r.Body, "[0-9a-f-]{36}", "<id>")))
            .OrderByDescending(g => g.Count()).Take(15))
        {
            output.WriteLine($"{warning.Key.Service} warned {warning.Count()}x: {warning.Key.Text}");
        }
    }

    /// <summary>Unpooled: a pooled connection would outlive a database restart and fail the checker itself.</summary>
    private string CheckerConnectionString(string database) => suite.DatabaseConnectionString(database) + ";Pooling=false";

    private async Task<List<Guid>> IdsAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(CheckerConnectionString(database));
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
        await using var connection = new NpgsqlConnection(CheckerConnectionString(database));
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
    /// <remarks>
    /// <paramref name="stopAtFirstFailure"/>: once the service is dead, the orchestrator's proxy
    /// still accepts connections and each request waits out its timeout; stop sending instead.
    /// </remarks>
    private static async Task<int> CreateReferralsAsync(HttpClient client, int count, int parallelism, bool stopAtFirstFailure = false)
    {
        var acknowledged = 0;
        using var failed = new CancellationTokenSource();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = failed.Token }, async (_, cancellationToken) =>
            {
                try
                {
                    using var response = await client.PostAsJsonAsync("/api/referrals", ReferralPayloads.Json(ReferralSource.Self), cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                    else if (stopAtFirstFailure)
                    {
                        await failed.CancelAsync();
                    }
                }
                catch (Exception) when (stopAtFirstFailure)
                {
                    await failed.CancelAsync();
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
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // stopped at the first failure
        }

        return acknowledged;
    }
}

/// <summary>The suite with its fault points switched on (<c>Faults:ArmDirectory</c>), for the chaos collection only.</summary>
public sealed class ChaosSuiteFixture : SuiteFixture
{
    public string FaultDirectory { get; } = Directory.CreateTempSubdirectory("peer-faults-").FullName;

    /// <summary>Events published straight to the broker by a test (not through an outbox) that consumers should apply.</summary>
    public System.Collections.Concurrent.ConcurrentBag<Guid> ThirdPartyEvents { get; } = [];

    protected override IEnumerable<string> AdditionalArguments(string dataPath) => [$"--Faults:ArmDirectory={FaultDirectory}"];

    /// <summary>Arms a fault point of one service; returns the file whose disappearance shows it fired.</summary>
    public string Arm(string service, string point)
    {
        var file = Path.Combine(FaultDirectory, $"{service}.{point}");
        File.WriteAllText(file, string.Empty);
        return file;
    }

    /// <summary>Makes every consumer of <paramref name="service"/> refuse one message id, until the returned file is deleted.</summary>
    public string Poison(string service, Guid messageId)
    {
        var file = Path.Combine(FaultDirectory, $"{service}.poison");
        File.AppendAllLines(file, [messageId.ToString()]);
        return file;
    }
}

[CollectionDefinition(Name)]
public sealed class ChaosCollection : ICollectionFixture<ChaosSuiteFixture>
{
    public const string Name = "Chaos";
}
