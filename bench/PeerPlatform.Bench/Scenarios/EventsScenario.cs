using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HdrHistogram;
using MassTransit;
using Npgsql;
using PeerPlatform.Bench.Load;
using PeerPlatform.TestSupport;

namespace PeerPlatform.Bench.Scenarios;

/// <summary>
/// Events end to end: rows committed to Referral's outbox, published by its relay to RabbitMQ,
/// applied by Outcomes (inbox row and projection committed) — against raw MassTransit publishing
/// with confirms to a consumer on the same broker that does nothing but count.
/// </summary>
public static class EventsScenario
{
    private const double LagRate = 200;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSuite suite, BenchSettings settings, string token, TextWriter log)
    {
        using var gateway = ReadScenarios.Client(suite.Gateway, token);
        var template = await RowTemplates.OfReferralAsync(suite.DatabaseConnectionString("referraldb"), await ReadScenarios.CreateReferralAsync(gateway));

        // Throughput: N events committed at once; timed from the relay's first publish to Outcomes' last commit.
        using var metrics = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var groupsBefore = await GroupCommitsAsync(suite, metrics);
        var ids = await InsertOutboxRowsAsync(suite, template, settings.Events);
        var (pipeline, relay) = await WaitForOutcomesAsync(suite, ids, TimeSpan.FromMinutes(5));
        var groupsAfter = await GroupCommitsAsync(suite, metrics);
        var (messages, transactions) = (groupsAfter.Messages - groupsBefore.Messages, groupsAfter.Transactions - groupsBefore.Transactions);
        log.WriteLine($"pipeline: {settings.Events} events in {pipeline.TotalSeconds:0.00} s = {settings.Events / pipeline.TotalSeconds:0}/s (the relay marked the last sent {relay.TotalSeconds:0.00} s after the first; "
            + $"Outcomes committed {messages:0} messages in {transactions:0} group transactions, {messages / Math.Max(1, transactions):0.0} per transaction)");

        await using var baseline = await BaselineBus.StartAsync(suite.BrokerUri);
        var raw = await baseline.ThroughputAsync(settings.Events);
        log.WriteLine($"raw MassTransit: {settings.Events} events in {raw.TotalSeconds:0.00} s = {settings.Events / raw.TotalSeconds:0}/s");

        // Lag at 200 events/s: each event committed alone to Referral's outbox at that rate, as a
        // create commits it; lag = Outcomes' commit − the outbox row's commit.
        await using var referralDb = NpgsqlDataSource.Create(suite.DatabaseConnectionString("referraldb"));
        async Task<bool> CommitOneAsync(CancellationToken ct)
        {
            await using var connection = await referralDb.OpenConnectionAsync(ct);
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { OutboxRow(template, Guid.CreateVersion7()) } };
            return await batch.ExecuteNonQueryAsync(ct) == 1;
        }

        // Warmed at the same rate first, like every closed-loop measurement, and drained.
        var warmupSince = DateTimeOffset.UtcNow;
        await LoadGenerator.FixedRateAsync("outbox commits (warm-up)", LagRate, settings.Warmup, CommitOneAsync, measured: false);
        await PipelineLagAsync(suite, warmupSince, TimeSpan.FromMinutes(2));
        var since = DateTimeOffset.UtcNow;
        var commits = await LoadGenerator.FixedRateAsync($"outbox commits at {LagRate:0}/s", LagRate, settings.Duration, CommitOneAsync);
        log.WriteLine(commits);
        var lag = await PipelineLagAsync(suite, since, TimeSpan.FromMinutes(2), log);
        log.WriteLine($"pipeline lag at {LagRate:0}/s: p50 {lag.GetValueAtPercentile(50) / 1000.0:0.0} ms, p99 {lag.GetValueAtPercentile(99) / 1000.0:0.0} ms over {lag.TotalCount} events");

        // The same rate produced by real creates straight at Referral (client, referral, audit and
        // outbox per request), for reference: the creates and the pipeline then share the CPU.
        using var direct = ReadScenarios.Client(suite.ServiceHttp("referral"), token);
        var sinceCreates = DateTimeOffset.UtcNow;
        var paced = await LoadGenerator.FixedRateAsync($"creates at {LagRate:0}/s", LagRate, settings.Duration, async ct =>
        {
            using var response = await direct.PostAsJsonAsync("/api/referrals", ReadScenarios.NewReferral(), ct);
            return LoadGenerator.Succeeded(response);
        });
        log.WriteLine(paced);
        var lagWhileCreating = await PipelineLagAsync(suite, sinceCreates, TimeSpan.FromMinutes(2), log);
        log.WriteLine($"pipeline lag while creating at {LagRate:0}/s: p50 {lagWhileCreating.GetValueAtPercentile(50) / 1000.0:0.0} ms, p99 {lagWhileCreating.GetValueAtPercentile(99) / 1000.0:0.0} ms over {lagWhileCreating.TotalCount} events");

        var rawLag = await baseline.LagAsync(LagRate, settings.Duration);
        log.WriteLine($"raw MassTransit lag at {LagRate:0}/s: p50 {rawLag.GetValueAtPercentile(50) / 1000.0:0.0} ms, p99 {rawLag.GetValueAtPercentile(99) / 1000.0:0.0} ms over {rawLag.TotalCount} events");

        var pipelineRate = settings.Events / pipeline.TotalSeconds;
        var rawRate = settings.Events / raw.TotalSeconds;
        var p99 = lag.GetValueAtPercentile(99) / 1000.0;
        return
        [
            new Figure($"Events end to end: outbox → RabbitMQ → Outcomes committed ({settings.Events} events)", Format.PerSecond(pipelineRate),
                $"raw MassTransit publish → consume, confirms on {Format.PerSecond(rawRate)}", Format.Times(pipelineRate / rawRate), "≥ 0.5×", pipelineRate / rawRate >= 0.5,
                Gate: new("events.throughput_ratio", pipelineRate / rawRate, HigherIsBetter: true)),
            new Figure($"Events end to end: p99 lag at {LagRate:0} events/s ({lag.TotalCount} events)", Format.Ms(p99),
                $"raw MassTransit p99 {Format.Ms(rawLag.GetValueAtPercentile(99) / 1000.0)}", "—", "< 250 ms", p99 < 250,
                $"p50 {lag.GetValueAtPercentile(50) / 1000.0:0.0} ms; produced by real creates straight at Referral instead ({paced.Throughput:0}/s achieved), "
                + $"p50 {lagWhileCreating.GetValueAtPercentile(50) / 1000.0:0.0} ms, p99 {lagWhileCreating.GetValueAtPercentile(99) / 1000.0:0.0} ms",
                commits.Failed + paced.Failed > 0 ? $"{commits.Failed} outbox commits and {paced.Failed} creates failed" : null),
        ];
    }

    /// <summary>Outcomes' group commits so far, from its Prometheus histogram: messages and transactions.</summary>
    private static async Task<(double Messages, double Transactions)> GroupCommitsAsync(BenchSuite suite, HttpClient http)
    {
        var endpoint = new Uri(suite.ServiceHttp("outcomes"), "/metrics");
        return (await Prometheus.SumAsync(http, endpoint, "peer_inbox_group_size", "_sum") ?? 0, await Prometheus.SumAsync(http, endpoint, "peer_inbox_group_size", "_count") ?? 0);
    }

    /// <summary>An INSERT of a ReferralReceived outbox row: a copy of a real one with new ids, unsent, occurring now.</summary>
    private static NpgsqlBatchCommand OutboxRow(RowTemplates template, Guid id)
    {
        var (columns, types, values) = template.OutboxRow;
        var payloadIndex = Array.IndexOf(columns, "payload");
        var idIndex = Array.IndexOf(columns, "id");
        var payload = JsonNode.Parse((string)values[payloadIndex]!)!.AsObject();
        payload["eventId"] = id.ToString();
        payload["referralId"] = Guid.CreateVersion7().ToString();
        payload["clientId"] = Guid.CreateVersion7().ToString();
        var command = new NpgsqlBatchCommand($"INSERT INTO outbox_messages ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, c) => "$" + (c + 1)))})");
        for (var c = 0; c < columns.Length; c++)
        {
            var value = c == idIndex ? id
                : c == payloadIndex ? payload.ToJsonString()
                : columns[c] is "sent_at" or "last_error" ? null
                : columns[c] is "attempts" ? 0
                : columns[c] is "occurred_at" or "next_attempt_at" ? DateTime.UtcNow
                : values[c];
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, DataTypeName = types[c] });
        }

        return command;
    }

    /// <summary>Commits <paramref name="count"/> ReferralReceived outbox rows in one transaction.</summary>
    private static async Task<Guid[]> InsertOutboxRowsAsync(BenchSuite suite, RowTemplates template, int count)
    {
        var ids = new Guid[count];
        await using var connection = new NpgsqlConnection(suite.DatabaseConnectionString("referraldb"));
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.CreateVersion7();
            batch.BatchCommands.Add(OutboxRow(template, ids[i]));
        }

        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return ids;
    }

    private static async Task<(TimeSpan Pipeline, TimeSpan Relay)> WaitForOutcomesAsync(BenchSuite suite, Guid[] ids, TimeSpan patience)
    {
        await using var outcomes = new NpgsqlConnection(suite.DatabaseConnectionString("outcomesdb"));
        await outcomes.OpenAsync();
        var deadline = DateTime.UtcNow + patience;
        DateTime lastApplied;
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*), max(processed_at) FROM inbox_messages WHERE consumer = 'ReferralReceivedConsumer' AND message_id = ANY(@ids)", outcomes);
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            if (reader.GetInt64(0) == ids.Length)
            {
                lastApplied = reader.GetDateTime(1);
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Outcomes applied {reader.GetInt64(0)} of {ids.Length} events in {patience}.");
            }

            // The finish is read from the rows (max processed_at), not from when this poll saw it:
            // polling rarely keeps the check's lookup of every id (20,000) from taking CPU from the pipeline.
            await Task.Delay(500);
        }

        await using var referral = new NpgsqlConnection(suite.DatabaseConnectionString("referraldb"));
        await referral.OpenAsync();
        await using var sent = new NpgsqlCommand("SELECT min(sent_at), max(sent_at) FROM outbox_messages WHERE id = ANY(@ids)", referral);
        sent.Parameters.AddWithValue("ids", ids);
        await using var sentReader = await sent.ExecuteReaderAsync();
        await sentReader.ReadAsync();
        var (firstSent, lastSent) = (sentReader.GetDateTime(0), sentReader.GetDateTime(1));
        return (lastApplied - firstSent, lastSent - firstSent);
    }

    /// <summary>Per event created since <paramref name="since"/>: Outcomes' commit time − the outbox row's commit time, in µs.</summary>
    private static async Task<LongHistogram> PipelineLagAsync(BenchSuite suite, DateTimeOffset since, TimeSpan patience, TextWriter? log = null)
    {
        var written = new Dictionary<Guid, DateTime>();
        await using (var referral = new NpgsqlConnection(suite.DatabaseConnectionString("referraldb")))
        {
            await referral.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT id, occurred_at FROM outbox_messages WHERE occurred_at >= @since AND message_type LIKE '%referral-received'", referral);
            command.Parameters.AddWithValue("since", since.UtcDateTime);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                written[reader.GetGuid(0)] = reader.GetDateTime(1);
            }
        }

        var histogram = new LongHistogram(1, 600_000_000, 3);
        await using var outcomes = new NpgsqlConnection(suite.DatabaseConnectionString("outcomesdb"));
        await outcomes.OpenAsync();
        var deadline = DateTime.UtcNow + patience;
        var applied = new Dictionary<Guid, DateTime>();
        while (applied.Count < written.Count && DateTime.UtcNow < deadline)
        {
            // Lags are read from the rows' times; a rare poll keeps this query off the measured CPU.
            await Task.Delay(1000);
            await using var command = new NpgsqlCommand(
                "SELECT message_id, processed_at FROM inbox_messages WHERE consumer = 'ReferralReceivedConsumer' AND message_id = ANY(@ids)", outcomes);
            command.Parameters.AddWithValue("ids", written.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            applied.Clear();
            while (await reader.ReadAsync())
            {
                applied[reader.GetGuid(0)] = reader.GetDateTime(1);
            }
        }

        foreach (var (id, at) in applied)
        {
            histogram.RecordValue(Math.Max(1, (long)(at - written[id]).TotalMicroseconds));
        }

        if (applied.Count > 0)
        {
            var worst = applied.MaxBy(a => a.Value - written[a.Key]);
            var first = written.Values.Min();
            log?.WriteLine($"pipeline lag: worst {(worst.Value - written[worst.Key]).TotalMilliseconds:0} ms, for the event written {(written[worst.Key] - first).TotalSeconds:0.0} s into the run");
        }

        return histogram;
    }

    /// <summary>The baseline: one MassTransit bus in this process, publishing with confirms to its own counting consumer.</summary>
    private sealed class BaselineBus : IAsyncDisposable
    {
        private readonly IBusControl bus;
        private readonly ConcurrentDictionary<Guid, long> received = new();

        private BaselineBus(Uri broker)
        {
            bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
            {
                rabbit.Host(broker.Host, (ushort)broker.Port, "/", host =>
                {
                    host.Username(LocalSuite.BrokerUserName);
                    host.Password(LocalSuite.DevelopmentPassword);
                    host.PublisherConfirmation = true;
                });
                rabbit.ReceiveEndpoint("bench-baseline", endpoint =>
                {
                    endpoint.SetQuorumQueue();
                    endpoint.PrefetchCount = 32;
                    endpoint.Handler<BenchEvent>(context =>
                    {
                        received[context.Message.Id] = Stopwatch.GetTimestamp();
                        return Task.CompletedTask;
                    });
                });
            });
        }

        public static async Task<BaselineBus> StartAsync(Uri broker)
        {
            var baseline = new BaselineBus(broker);
            await baseline.bus.StartAsync();
            return baseline;
        }

        /// <summary>Publishes <paramref name="count"/> events in batches of 100 awaited together (as the relay does); time until the last is consumed.</summary>
        public async Task<TimeSpan> ThroughputAsync(int count)
        {
            received.Clear();
            var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
            var started = Stopwatch.GetTimestamp();
            foreach (var batch in ids.Chunk(100))
            {
                await Task.WhenAll(batch.Select(id => bus.Publish(new BenchEvent(id, Stopwatch.GetTimestamp()), context => context.Durable = true)));
            }

            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (ids.Any(id => !received.ContainsKey(id)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            return Stopwatch.GetElapsedTime(started, ids.Max(id => received.GetValueOrDefault(id, Stopwatch.GetTimestamp())));
        }

        /// <summary>Publishes at a fixed rate; lag = consumed − published, in µs.</summary>
        public async Task<LongHistogram> LagAsync(double perSecond, TimeSpan duration)
        {
            received.Clear();
            var sentAt = new ConcurrentDictionary<Guid, long>();
            await LoadGenerator.FixedRateAsync("raw MassTransit publishes", perSecond, duration, async ct =>
            {
                var id = Guid.NewGuid();
                sentAt[id] = Stopwatch.GetTimestamp();
                await bus.Publish(new BenchEvent(id, sentAt[id]), context => context.Durable = true, ct);
                return true;
            });
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (sentAt.Keys.Any(id => !received.ContainsKey(id)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            var histogram = new LongHistogram(1, 600_000_000, 3);
            foreach (var (id, sent) in sentAt)
            {
                if (received.TryGetValue(id, out var at))
                {
                    histogram.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(sent, at).TotalMicroseconds));
                }
            }

            return histogram;
        }

        public async ValueTask DisposeAsync() => await bus.StopAsync();
    }
}

/// <summary>The baseline's message: an id and when it was published.</summary>
public sealed record BenchEvent(Guid Id, long PublishedAt);
