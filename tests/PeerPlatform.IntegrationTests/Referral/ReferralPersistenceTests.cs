using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.Grpc;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.IntegrationTests.Referral;

[Collection(InfrastructureCollection.Name)]
public sealed class ReferralPersistenceTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private IHost host = null!;

    public async Task InitializeAsync() =>
        host = await ServiceHosts.StartReferralAsync(infrastructure, infrastructure.NewDatabaseName("referral"));

    public Task DisposeAsync() => host.StopQuietlyAsync();

    [Fact]
    public async Task A_statement_run_twice_on_a_pooled_connection_is_prepared()
    {
        var created = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>().HandleAsync(ReferralPayloads.Request(), "integration-test", default));
        const string PreparedReads = "SELECT count(*)::int AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM referrals%'";

        var (afterOnce, afterTwice) = await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReferralDbContext>();
            await db.Database.OpenConnectionAsync();
            var read = () => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(created.ReferralId));
            await read();
            var once = await db.Database.SqlQueryRaw<int>(PreparedReads).SingleAsync();
            await read();
            await read();
            return (once, await db.Database.SqlQueryRaw<int>(PreparedReads).SingleAsync());
        });

        Assert.Equal(0, afterOnce);
        Assert.True(afterTwice > 0, "the read was not prepared: Max Auto Prepare is not in effect");
    }

    [Fact]
    public async Task Creating_a_referral_stores_client_referral_history_and_event_together()
    {
        var created = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>().HandleAsync(ReferralPayloads.Request(nhsNumber: "943 476 5919"), "integration-test", default));

        Assert.Equal(Contracts.Referral.V1.ReferralStatus.Received, created.Status);
        Assert.Equal(ReferralPriority.Routine, created.Priority);

        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReferralDbContext>();
            var client = await db.Clients.SingleAsync(c => c.Id == Guid.Parse(created.ClientId));
            Assert.Equal("9434765919", client.NhsNumber);
            Assert.Equal(new DateOnly(1984, 3, 21), client.DateOfBirth);

            var outbox = await db.Set<OutboxMessage>().SingleAsync();
            Assert.Equal("urn:message:peer.referral.v1:referral-received", outbox.MessageType);
            Assert.Contains(created.ReferralId, outbox.Payload);
            // Events carry ids and codes only: nothing that identifies the client.
            Assert.DoesNotContain("9434765919", outbox.Payload);
            Assert.DoesNotContain("Morgan", outbox.Payload);
            Assert.DoesNotContain("1984", outbox.Payload);
            return true;
        });
    }

    [Fact]
    public async Task A_stored_referral_reads_back_with_its_history()
    {
        var created = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>().HandleAsync(ReferralPayloads.Request(ReferralSource.Gp), "integration-test", default));

        var read = await host.WithScopeAsync(sp => sp.GetRequiredService<GetReferralHandler>().HandleAsync(new GetReferralRequest { ReferralId = created.ReferralId }, default));

        Assert.Equal(created.ReferralId, read.ReferralId);
        Assert.Equal(ReferralSource.Gp, read.Source);
        Assert.Equal("Sam Patel", read.Referrer.Name);
        var history = Assert.Single(read.History);
        Assert.Equal(Contracts.Referral.V1.ReferralStatus.Received, history.ToStatus);
        Assert.Equal("integration-test", history.ChangedBy);
    }

    [Fact]
    public async Task A_second_registration_of_an_nhs_number_is_refused_naming_the_existing_client_who_can_then_be_linked()
    {
        var nhsNumber = NhsNumbers.Random();
        var first = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>().HandleAsync(ReferralPayloads.Request(nhsNumber: nhsNumber), "it", default));

        var refused = await Assert.ThrowsAsync<AlreadyExistsException>(() =>
            host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>().HandleAsync(ReferralPayloads.Request(nhsNumber: nhsNumber), "it", default)));
        Assert.Equal(first.ClientId, refused.ExistingId);

        var linked = ReferralPayloads.Request();
        linked.Client = null;
        linked.ClientId = first.ClientId;
        var second = await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>().HandleAsync(linked, "it", default));
        Assert.Equal(first.ClientId, second.ClientId);
        Assert.NotEqual(first.ReferralId, second.ReferralId);

        // Registrations racing each other: exactly one client, every loser told which one.
        var racing = NhsNumbers.Random();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                return (await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>().HandleAsync(ReferralPayloads.Request(nhsNumber: racing), "it", default))).ClientId;
            }
            catch (AlreadyExistsException exception)
            {
                return exception.ExistingId;
            }
        }));
        Assert.Single(results.Distinct());
    }

    [Fact]
    public async Task An_unknown_referral_is_not_found()
    {
        var id = Guid.NewGuid().ToString();
        var exception = await Assert.ThrowsAsync<NotFoundException>(() =>
            host.WithScopeAsync(sp => sp.GetRequiredService<GetReferralHandler>().HandleAsync(new GetReferralRequest { ReferralId = id }, default)));
        Assert.Equal("Referral", exception.RecordType);
    }

    [Fact]
    public async Task Migrations_create_the_schema_from_an_empty_database()
    {
        var tables = await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReferralDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            return await db.Database.SqlQueryRaw<string>(
                "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name").ToListAsync();
        });

        Assert.Equal(
            [
                "__ef_migrations_history", "audit_records", "client_changes", "client_merges", "clients", "erased_clients", "erasure_requests",
                "idempotent_requests", "inbox_messages", "legal_holds", "outbox_messages", "peer_contacts", "referral_status_changes", "referrals",
                "retention_runs", "subject_access_export_archives", "subject_access_export_parts", "subject_access_exports",
            ],
            tables);
    }

    [Fact]
    public async Task Idempotency_keys_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        var now = DateTimeOffset.UtcNow;
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReferralDbContext>();
            db.Set<IdempotentRequest>().AddRange(
                new IdempotentRequest { ClientId = "c", Method = "m", Key = "expired", RequestHash = "h", ClaimedAt = now.AddHours(-25), CompletedAt = now.AddHours(-25), Response = [1] },
                new IdempotentRequest { ClientId = "c", Method = "m", Key = "fresh", RequestHash = "h", ClaimedAt = now.AddHours(-23), CompletedAt = now.AddHours(-23), Response = [2] });
            return await db.SaveChangesAsync();
        });

        var deleted = await host.Services.GetRequiredService<IdempotencyKeyExpiry<ReferralDbContext>>().DeleteExpiredAsync(default);

        Assert.Equal(1, deleted);
        var left = await host.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<IdempotentRequest>().Select(r => r.Key).ToListAsync());
        Assert.Equal(["fresh"], left);
    }
}
