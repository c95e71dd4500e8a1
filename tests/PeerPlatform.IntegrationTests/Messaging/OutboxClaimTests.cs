using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Data;

namespace PeerPlatform.IntegrationTests.Messaging;

/// <summary>
/// The relay's claim over a backlog, planned by a real PostgreSQL on a migrated schema: it must
/// read one batch from the unsent-rows index, not every unsent row and a sort of them, or a
/// backlog drains more slowly the longer it is.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class OutboxClaimTests(InfrastructureFixture infrastructure)
{
    private const int Backlog = 5000;
    private const int BatchSize = 100;

    [Fact]
    public async Task A_claim_over_a_backlog_reads_one_batch_of_rows_in_order()
    {
        using var job = ServiceHosts.BuildReferral(infrastructure, infrastructure.NewDatabaseName("outbox_claim"), settings => settings["Database:Migrations"] = "ApplyAndExit");
        await job.PrepareDatabaseAsync<ReferralDbContext>();
        string connectionString;
        await using (var scope = job.Services.CreateAsyncScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<ReferralDbContext>().Database.GetConnectionString()!;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var fill = new NpgsqlCommand(
            $"""
            INSERT INTO outbox_messages (id, message_type, payload, occurred_at, attempts, next_attempt_at)
            SELECT gen_random_uuid(), 'ReferralReceived', '{"{}"}', now() - interval '1 hour' + i * interval '1 ms', 0, now() - interval '1 hour'
            FROM generate_series(1, {Backlog}) AS i;
            ANALYZE outbox_messages;
            """, connection))
        {
            await fill.ExecuteNonQueryAsync();
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + OutboxClaim.Sql, connection, transaction);
        explain.Parameters.AddRange(OutboxClaim.Parameters(DateTimeOffset.UtcNow, BatchSize));
        var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!).RootElement[0].GetProperty("Plan");

        var nodes = Flatten(plan).ToList();
        var scan = Assert.Single(nodes, node => node.GetProperty("Node Type").GetString()!.Contains("Scan", StringComparison.Ordinal));
        Assert.Equal("ix_outbox_messages_unsent", scan.TryGetProperty("Index Name", out var index) ? index.GetString() : scan.GetProperty("Node Type").GetString());
        Assert.DoesNotContain(nodes, node => node.GetProperty("Node Type").GetString() == "Sort");
        Assert.Equal(BatchSize, plan.GetProperty("Actual Rows").GetInt32());
        Assert.True(scan.GetProperty("Actual Rows").GetInt32() <= BatchSize, $"the claim read {scan.GetProperty("Actual Rows")} rows for a batch of {BatchSize}");
        await transaction.RollbackAsync();
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement node) =>
        node.TryGetProperty("Plans", out var children)
            ? children.EnumerateArray().SelectMany(Flatten).Prepend(node)
            : [node];
}
