using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Audit.V1;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Referral.Clients;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.IntegrationTests.Referral;

[Collection(InfrastructureCollection.Name)]
public sealed class AuditTrailTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private IHost host = null!;

    public async Task InitializeAsync() =>
        host = await ServiceHosts.StartReferralAsync(infrastructure, infrastructure.NewDatabaseName("audit"));

    public Task DisposeAsync() => host.StopQuietlyAsync();

    private Task<List<PeerPlatform.Auditing.AuditRecord>> AuditFor(string recordId) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<PeerPlatform.Auditing.AuditRecord>()
            .AsNoTracking().Where(a => a.RecordId == recordId).OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task Creating_a_referral_audits_the_client_and_the_referral_in_the_same_transaction()
    {
        var created = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>()
            .HandleAsync(ReferralPayloads.Request(), "integration-test", default));

        var client = Assert.Single(await AuditFor(created.ClientId));
        Assert.Equal(("Client", AuditAction.Create, AuditOutcome.Succeeded), (client.RecordType, client.Action, client.Outcome));
        var referral = Assert.Single(await AuditFor(created.ReferralId));
        Assert.Equal(("Referral", AuditAction.Create), (referral.RecordType, referral.Action));
    }

    [Fact]
    public async Task Each_read_of_a_client_leaves_one_audit_record_and_a_miss_is_audited_too()
    {
        var created = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>()
            .HandleAsync(ReferralPayloads.Request(), "integration-test", default));

        const int reads = 5;
        for (var i = 0; i < reads; i++)
        {
            var client = await host.WithScopeAsync(sp => sp.GetRequiredService<GetClientHandler>()
                .HandleAsync(new GetClientRequest { ClientId = created.ClientId }, default));
            Assert.Equal("Morgan", client.FamilyName);
        }

        var records = await AuditFor(created.ClientId);
        Assert.Equal(reads, records.Count(r => r.Action == AuditAction.Read && r.Outcome == AuditOutcome.Succeeded));

        var unknown = Guid.NewGuid().ToString();
        await Assert.ThrowsAsync<NotFoundException>(() => host.WithScopeAsync(sp => sp.GetRequiredService<GetClientHandler>()
            .HandleAsync(new GetClientRequest { ClientId = unknown }, default)));
        var miss = Assert.Single(await AuditFor(unknown));
        Assert.Equal(AuditOutcome.NotFound, miss.Outcome);
    }

    [Fact]
    public async Task The_audit_trail_is_append_only_even_for_the_table_owner()
    {
        var created = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>()
            .HandleAsync(ReferralPayloads.Request(), "integration-test", default));

        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReferralDbContext>();
            var update = await Assert.ThrowsAsync<PostgresException>(() =>
                db.Database.ExecuteSqlRawAsync("UPDATE audit_records SET client_id = 'someone-else'"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, update.SqlState);
            await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_records"));
            await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_records"));
            return true;
        });

        // Still there, unchanged (no HTTP request in this test, so the audited client is "system").
        Assert.Equal("system", (await AuditFor(created.ClientId)).Single().ClientId);
    }

    [Fact]
    public async Task Administrators_page_through_the_trail_newest_first()
    {
        var created = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>()
            .HandleAsync(ReferralPayloads.Request(), "integration-test", default));
        for (var i = 0; i < 3; i++)
        {
            await host.WithScopeAsync(sp => sp.GetRequiredService<GetClientHandler>().HandleAsync(new GetClientRequest { ClientId = created.ClientId }, default));
        }

        var first = await host.WithScopeAsync(sp => sp.GetRequiredService<AuditQuery<ReferralDbContext>>()
            .ListAsync(new ListAuditRecordsRequest { RecordId = created.ClientId, PageSize = 2 }, default));
        var second = await host.WithScopeAsync(sp => sp.GetRequiredService<AuditQuery<ReferralDbContext>>()
            .ListAsync(new ListAuditRecordsRequest { RecordId = created.ClientId, PageSize = 2, BeforeId = first.NextBeforeId }, default));

        Assert.Equal(2, first.Records.Count);
        Assert.True(first.Records[0].Id > first.Records[1].Id);
        Assert.Equal(["READ", "CREATE"], second.Records.Select(r => r.Action));
        Assert.Equal(0, second.NextBeforeId);
    }

    [Fact]
    public async Task Administrators_filter_the_trail_by_period()
    {
        var created = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>()
            .HandleAsync(ReferralPayloads.Request(), "integration-test", default));
        await Task.Delay(50);
        var boundary = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        await Task.Delay(50);
        for (var i = 0; i < 2; i++)
        {
            await host.WithScopeAsync(sp => sp.GetRequiredService<GetClientHandler>().HandleAsync(new GetClientRequest { ClientId = created.ClientId }, default));
        }

        Task<ListAuditRecordsResponse> ListAsync(ListAuditRecordsRequest request) =>
            host.WithScopeAsync(sp => sp.GetRequiredService<AuditQuery<ReferralDbContext>>().ListAsync(request, default));

        var after = await ListAsync(new ListAuditRecordsRequest { RecordId = created.ClientId, OccurredFrom = boundary });
        var before = await ListAsync(new ListAuditRecordsRequest { RecordId = created.ClientId, OccurredTo = boundary });
        Assert.Equal(["READ", "READ"], after.Records.Select(r => r.Action));
        Assert.Equal(["CREATE"], before.Records.Select(r => r.Action));
        Assert.All(after.Records, r => Assert.True(r.OccurredAt.ToDateTimeOffset() >= boundary.ToDateTimeOffset()));
    }

    [Fact]
    public async Task Records_written_at_once_commit_as_one_group_and_one_that_cannot_be_written_fails_alone()
    {
        var writer = host.Services.GetRequiredService<AuditGroupWriter<ReferralDbContext>>();
        using var sizes = new InstrumentWatcher(AuditMetrics.MeterName, "peer.audit.group_size");
        var type = "GroupTest-" + Guid.NewGuid().ToString("N")[..8];
        PeerPlatform.Auditing.AuditRecord Read(string recordId) => new()
        {
            OccurredAt = DateTimeOffset.UtcNow,
            ClientId = "integration-test",
            Role = "clinician",
            RecordType = type,
            RecordId = recordId,
            Action = AuditAction.Read,
            Outcome = AuditOutcome.Succeeded,
        };

        // A transaction holding a SHARE lock on the table makes the first inserts wait, one per
        // free insert, while the rest queue behind them.
        var connectionString = await host.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ReferralDbContext>().Database.GetConnectionString()!));
        await using var blocker = new NpgsqlConnection(connectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE audit_records IN SHARE MODE", blocker, hold).ExecuteNonQueryAsync();
        var firsts = Enumerable.Range(0, AuditGroupWriter<ReferralDbContext>.MaxConcurrentInserts).Select(i => $"first-{i}").ToList();
        var first = firsts.Select(id => writer.WriteAsync(Read(id), default)).ToList();
        await WaitUntilInsertsWaitForTheLockAsync(connectionString, firsts.Count);

        var good = Enumerable.Range(0, 10).Select(i => $"good-{i}").ToList();
        var written = good.Take(5).Select(id => writer.WriteAsync(Read(id), default)).ToList();
        var tooLong = writer.WriteAsync(Read(new string('x', 101)), default);
        written.AddRange(good.Skip(5).Select(id => writer.WriteAsync(Read(id), default)));
        await hold.RollbackAsync();

        await Task.WhenAll(first);
        await Task.WhenAll(written);
        var failure = await Assert.ThrowsAsync<PostgresException>(() => tooLong);
        Assert.Equal(PostgresErrorCodes.StringDataRightTruncation, failure.SqlState);
        Assert.Contains(sizes.Values, size => size == good.Count + 1);
        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<PeerPlatform.Auditing.AuditRecord>()
            .AsNoTracking().Where(a => a.RecordType == type).Select(a => a.RecordId).ToListAsync());
        Assert.Equal([.. good.Concat(firsts).Order()], stored.Order());
    }

    // Its own connection: pg_stat_activity is read once per transaction, and the blocker's stays open.
    private static async Task WaitUntilInsertsWaitForTheLockAsync(string connectionString, int inserts)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO audit_records%' AND datname = current_database()", connection);
        await ServiceHosts.EventuallyAsync(async () => (long)(await waiting.ExecuteScalarAsync())! >= inserts, "the first audit inserts wait for the lock");
    }
}
