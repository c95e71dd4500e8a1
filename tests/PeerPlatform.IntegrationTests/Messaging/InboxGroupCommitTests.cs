using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Messaging;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.ReadModels;

namespace PeerPlatform.IntegrationTests.Messaging;

/// <summary>
/// Group commit on the Outcomes service's real database: deliveries that arrive together commit
/// in one transaction, yet each keeps its own outcome — a bad message fails alone, a message
/// applied before is skipped, and the rest commit.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class InboxGroupCommitTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private IHost outcomes = null!;

    public async Task InitializeAsync() =>
        outcomes = await ServiceHosts.StartOutcomesAsync(infrastructure, infrastructure.NewDatabaseName("outcomes"));

    public Task DisposeAsync() => outcomes.StopQuietlyAsync();

    private static InboxWork<OutcomesDbContext> Received(Guid messageId, Guid referralId, Func<Task>? before = null) =>
        new(messageId, "GroupTest", new GroupTestMessage(referralId), async (db, cancellationToken) =>
        {
            if (before is not null)
            {
                await before();
            }

            db.Referrals.Add(new ReferralProgress { ReferralId = referralId, Source = "gp" });
        });

    [Fact]
    public async Task A_failing_message_fails_alone_while_the_rest_of_its_group_commits()
    {
        var groups = outcomes.Services.GetRequiredService<InboxGroupCommit<OutcomesDbContext>>();
        using var sizes = new InstrumentWatcher(MessagingMetrics.MeterName, "peer.inbox.group_size");

        // The first delivery holds its transaction open until the rest are queued, so they form the next group.
        var applying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = (Message: Guid.NewGuid(), Referral: Guid.NewGuid());
        var firstCommitted = groups.ApplyAsync(Received(first.Message, first.Referral, () =>
        {
            applying.SetResult();
            return gate.Task;
        }), default);
        await applying.Task;

        var good = Enumerable.Range(0, 8).Select(_ => (Message: Guid.NewGuid(), Referral: Guid.NewGuid())).ToList();
        var applied = good.Take(4).Select(m => groups.ApplyAsync(Received(m.Message, m.Referral), default)).ToList();
        var badMessage = Guid.NewGuid();
        var bad = groups.ApplyAsync(new InboxWork<OutcomesDbContext>(badMessage, "GroupTest", new GroupTestMessage(Guid.NewGuid()),
            (_, _) => throw new InvalidOperationException("a message the consumer cannot apply")), default);
        applied.AddRange(good.Skip(4).Select(m => groups.ApplyAsync(Received(m.Message, m.Referral), default)));
        // The first message again, queued while its first delivery is still uncommitted: a redelivery.
        var redelivered = groups.ApplyAsync(Received(first.Message, Guid.NewGuid()), default);
        gate.SetResult();

        Assert.True(await firstCommitted);
        Assert.All(await Task.WhenAll(applied), Assert.True);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal("a message the consumer cannot apply", failure.Message);
        Assert.False(await redelivered);
        Assert.Contains(sizes.Values, size => size == good.Count + 2);

        var (referrals, inbox) = await outcomes.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OutcomesDbContext>();
            return (await db.Referrals.Select(r => r.ReferralId).ToListAsync(),
                    await db.Set<InboxMessage>().Where(m => m.Consumer == "GroupTest").Select(m => m.MessageId).ToListAsync());
        });
        Assert.Equal([.. good.Select(m => m.Referral).Append(first.Referral).Order()], referrals.Order());
        Assert.Equal([.. good.Select(m => m.Message).Append(first.Message).Order()], inbox.Order());
        Assert.DoesNotContain(badMessage, inbox);
    }

    [Fact]
    public async Task A_message_applied_before_is_skipped_and_changes_nothing()
    {
        var groups = outcomes.Services.GetRequiredService<InboxGroupCommit<OutcomesDbContext>>();
        var message = Guid.NewGuid();
        var referral = Guid.NewGuid();
        Assert.True(await groups.ApplyAsync(Received(message, referral), default));

        // Applying it again would add the same referral twice and fail on the key: it must not run.
        Assert.False(await groups.ApplyAsync(Received(message, referral), default));
        var rows = await outcomes.WithScopeAsync(sp => sp.GetRequiredService<OutcomesDbContext>().Referrals.CountAsync(r => r.ReferralId == referral));
        Assert.Equal(1, rows);
    }
}

/// <summary>A message no preparer knows: the test's works add their rows themselves.</summary>
internal sealed record GroupTestMessage(Guid ReferralId);
