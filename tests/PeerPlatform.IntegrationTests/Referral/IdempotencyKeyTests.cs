using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PeerPlatform.Grpc;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;

namespace PeerPlatform.IntegrationTests.Referral;

/// <summary>
/// Idempotency keys on a real PostgreSQL: the key is claimed in the call's own transaction, so a
/// call that dies mid-way leaves nothing that would block its retry, and a retry racing the first
/// call waits for it and gets its answer.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class IdempotencyKeyTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private IHost host = null!;

    public async Task InitializeAsync() =>
        host = await ServiceHosts.StartReferralAsync(infrastructure, infrastructure.NewDatabaseName("idempotency"));

    public Task DisposeAsync() => host.StopQuietlyAsync();

    private static IdempotentRequest Claim(string key) => new()
    {
        ClientId = "integration-test",
        Method = "/peer.referral.v1.ReferralService/CreateReferral",
        Key = key,
        RequestHash = new string('a', 64),
        ClaimedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task A_call_whose_connection_dies_before_it_commits_leaves_neither_its_referral_nor_its_key()
    {
        var key = Guid.NewGuid().ToString();
        string referralId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();
            Assert.Null(await store.ClaimAsync(Claim(key), default));
            var created = await scope.ServiceProvider.GetRequiredService<CreateReferralHandler>().HandleAsync(ReferralPayloads.Request(), "integration-test", default);
            referralId = created.ReferralId;

            // The process dies here, before the answer is recorded: its connection goes with it.
            var connection = (NpgsqlConnection)scope.ServiceProvider.GetRequiredService<ReferralDbContext>().Database.GetDbConnection();
            await TerminateAsync(connection.ProcessID);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReferralDbContext>();
            Assert.False(await db.Referrals.AnyAsync(r => r.Id == Guid.Parse(referralId)), "the dead call's referral was committed");
            // The retry may run: nothing claims the key any more.
            var store = scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();
            Assert.Null(await store.ClaimAsync(Claim(key), default));
            await store.AbandonAsync();
        }
    }

    [Fact]
    public async Task A_retry_racing_the_first_call_waits_for_its_commit_and_gets_its_answer()
    {
        var key = Guid.NewGuid().ToString();
        byte[] answer = [1, 2, 3];
        await using var first = host.Services.CreateAsyncScope();
        await using var retry = host.Services.CreateAsyncScope();
        var firstStore = first.ServiceProvider.GetRequiredService<IIdempotencyStore>();
        Assert.Null(await firstStore.ClaimAsync(Claim(key), default));

        var retried = retry.ServiceProvider.GetRequiredService<IIdempotencyStore>().ClaimAsync(Claim(key), default);
        await Task.Delay(500);
        Assert.False(retried.IsCompleted, "the retry did not wait for the first call's uncommitted claim");

        await firstStore.CompleteAsync(Claim(key), answer, default);
        var earlier = await retried.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(earlier);
        Assert.Equal(answer, earlier.Response);
    }

    [Fact]
    public async Task A_failed_call_leaves_its_key_free_for_the_retry()
    {
        var key = Guid.NewGuid().ToString();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();
            Assert.Null(await store.ClaimAsync(Claim(key), default));
            await store.AbandonAsync();
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();
            Assert.Null(await store.ClaimAsync(Claim(key), default));
            await store.CompleteAsync(Claim(key), [7], default);
            Assert.Equal([7], (await store.ClaimAsync(Claim(key), default))!.Response);
        }
    }

    private async Task TerminateAsync(int processId)
    {
        await using var admin = new NpgsqlConnection(infrastructure.ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
        command.Parameters.AddWithValue("pid", processId);
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }
}
