using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Messaging;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;

namespace PeerPlatform.IntegrationTests.Messaging;

/// <summary>
/// The Referral service's outbox and relay publishing to a real RabbitMQ, and the Outcomes
/// service's idempotent consumer applying what arrives to its own real database.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class OutboxToConsumerTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private IHost referral = null!;
    private IHost outcomes = null!;

    public async Task InitializeAsync()
    {
        outcomes = await ServiceHosts.StartOutcomesAsync(infrastructure, infrastructure.NewDatabaseName("outcomes"));
        referral = await ServiceHosts.StartReferralAsync(infrastructure, infrastructure.NewDatabaseName("referral"));
    }

    public async Task DisposeAsync()
    {
        await referral.StopQuietlyAsync();
        await outcomes.StopQuietlyAsync();
    }

    private Task<Contracts.Referral.V1.Referral> CreateReferralAsync(ReferralSource source = ReferralSource.Self) =>
        referral.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>()
            .HandleAsync(ReferralPayloads.Request(source), "integration-test", default));

    /// <summary>A create inside a transaction the caller opened, then committed or rolled back.</summary>
    private static Task<Guid> CreateReferralInTransactionAsync(IHost host, bool commit) =>
        host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReferralDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var created = await sp.GetRequiredService<CreateReferralHandler>()
                .HandleAsync(ReferralPayloads.Request(), "integration-test", default);
            await (commit ? transaction.CommitAsync() : transaction.RollbackAsync());
            return Guid.Parse(created.ReferralId);
        });

    private Task<bool> OutcomesHasAsync(Guid referralId) =>
        outcomes.WithScopeAsync(sp => sp.GetRequiredService<OutcomesDbContext>().Referrals.AnyAsync(r => r.ReferralId == referralId));

    [Fact]
    public async Task A_committed_event_is_published_and_applied_by_the_consumer()
    {
        var created = await CreateReferralAsync(ReferralSource.Carer);
        var referralId = Guid.Parse(created.ReferralId);

        await ServiceHosts.EventuallyAsync(() => OutcomesHasAsync(referralId), "Outcomes has applied ReferralReceived");

        var projected = await outcomes.WithScopeAsync(sp => sp.GetRequiredService<OutcomesDbContext>().Referrals.SingleAsync(r => r.ReferralId == referralId));
        Assert.Equal("carer", projected.Source);
        Assert.Equal(Guid.Parse(created.ClientId), projected.ClientId);

        var sent = await referral.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<OutboxMessage>().SingleAsync());
        Assert.NotNull(sent.SentAt);
        Assert.Equal(1, sent.Attempts);
    }

    [Fact]
    public async Task Nothing_is_published_when_the_transaction_rolls_back()
    {
        var rolledBackReferralId = await CreateReferralInTransactionAsync(referral, commit: false);

        // A later committed referral is the barrier: once it has arrived, the relay has run past
        // the point where the rolled-back event would have been published.
        var barrier = Guid.Parse((await CreateReferralAsync()).ReferralId);
        await ServiceHosts.EventuallyAsync(() => OutcomesHasAsync(barrier), "the committed referral arrived");

        Assert.False(await OutcomesHasAsync(rolledBackReferralId));
        var outboxRows = await referral.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<OutboxMessage>().CountAsync());
        Assert.Equal(1, outboxRows);
    }

    [Fact]
    public async Task A_duplicate_delivery_is_applied_once()
    {
        using var duplicates = new InstrumentWatcher(MessagingMetrics.MeterName, "peer.inbox.duplicates_skipped");
        var message = new ReferralReceived(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), "gp", "routine");
        var bus = referral.Services.GetRequiredService<IBus>();

        // The same message id twice: what a redelivery after a lost ack, or a relay that crashed
        // between the broker's confirm and marking the row sent, looks like to the consumer.
        await bus.Publish(message, context => context.MessageId = message.EventId);
        await bus.Publish(message, context => context.MessageId = message.EventId);

        await ServiceHosts.EventuallyAsync(() => Task.FromResult(duplicates.Total >= 1), "the consumer saw the second delivery");
        var (rows, inbox) = await outcomes.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OutcomesDbContext>();
            return (await db.Referrals.CountAsync(r => r.ReferralId == message.ReferralId),
                    await db.Set<InboxMessage>().CountAsync(m => m.MessageId == message.EventId));
        });
        Assert.Equal(1, rows);
        Assert.Equal(1, inbox);
    }

    [Fact]
    public async Task The_consumer_joins_the_trace_of_the_request_that_wrote_the_event()
    {
        var consumerTraces = new System.Collections.Concurrent.ConcurrentBag<(ActivityTraceId TraceId, string Name)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or "PeerPlatform.Messaging" or "integration-test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Kind == ActivityKind.Consumer)
                {
                    consumerTraces.Add((activity.TraceId, activity.DisplayName));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("integration-test");

        ActivityTraceId requestTrace;
        Guid referralId;
        using (var request = source.StartActivity("POST /api/referrals", ActivityKind.Server))
        {
            Assert.NotNull(request);
            requestTrace = request.TraceId;
            referralId = Guid.Parse((await CreateReferralAsync()).ReferralId);
        }

        await ServiceHosts.EventuallyAsync(() => OutcomesHasAsync(referralId), "Outcomes applied the event");
        await ServiceHosts.EventuallyAsync(() => Task.FromResult(consumerTraces.Any(t => t.TraceId == requestTrace)),
            "a consumer span belongs to the request's trace");
    }

    [Fact]
    public async Task A_commit_wakes_the_relay_at_once_rather_than_at_its_next_poll()
    {
        // The relay polls every ten minutes here: only the commit's notification can wake it in time.
        // The commit ends a caller's transaction, as a script's or another replica's would.
        var database = infrastructure.NewDatabaseName("referral_notify");
        var isolated = await ServiceHosts.StartReferralAsync(infrastructure, database, settings => settings["Outbox:PollInterval"] = "00:10:00");
        try
        {
            await using (var probe = new NpgsqlConnection(infrastructure.ConnectionString(database)))
            {
                await probe.OpenAsync();
                await ServiceHosts.EventuallyAsync(async () =>
                {
                    await using var listening = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'", probe);
                    return (long)(await listening.ExecuteScalarAsync())! > 0;
                }, "the service listens for outbox commits");
            }

            var referralId = await CreateReferralInTransactionAsync(isolated, commit: true);

            await ServiceHosts.EventuallyAsync(() => OutcomesHasAsync(referralId), "Outcomes applied the event, long before the relay's next poll", TimeSpan.FromSeconds(20));
        }
        finally
        {
            await isolated.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task A_burst_is_relayed_by_several_workers_and_each_event_is_published_once()
    {
        const int events = 400;
        var isolated = await ServiceHosts.StartReferralAsync(infrastructure, infrastructure.NewDatabaseName("referral_burst"), settings =>
        {
            settings["Outbox:Workers"] = "3";
            settings["Outbox:BatchSize"] = "25";
        });
        try
        {
            using var duplicates = new InstrumentWatcher(MessagingMetrics.MeterName, "peer.inbox.duplicates_skipped");
            var referralIds = new List<Guid>(events);
            // Committed at once, as a backlog is after a broker outage: every worker finds full batches.
            await isolated.WithScopeAsync(async sp =>
            {
                var outbox = sp.GetRequiredService<Outbox<ReferralDbContext>>();
                for (var i = 0; i < events; i++)
                {
                    var received = new ReferralReceived(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), "gp", "routine");
                    referralIds.Add(received.ReferralId);
                    outbox.Add(received);
                }

                return await sp.GetRequiredService<ReferralDbContext>().SaveChangesAsync();
            });

            await ServiceHosts.EventuallyAsync(
                async () => await outcomes.WithScopeAsync(sp => sp.GetRequiredService<OutcomesDbContext>().Referrals.CountAsync(r => referralIds.Contains(r.ReferralId))) == events,
                "Outcomes applied every event of the burst", TimeSpan.FromSeconds(60));

            // A row two workers had claimed would have been published, and counted, twice.
            var rows = await isolated.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<OutboxMessage>().AsNoTracking().ToListAsync());
            Assert.Equal(events, rows.Count);
            Assert.All(rows, row =>
            {
                Assert.NotNull(row.SentAt);
                Assert.Equal(1, row.Attempts);
            });
            Assert.Equal(0, duplicates.Total);
        }
        finally
        {
            await isolated.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task An_unreachable_broker_leaves_the_event_unsent_with_a_retry_scheduled()
    {
        var unreachable = $"amqp://peer:nothing@127.0.0.1:{LoopbackPorts.Free()}/";
        var isolated = await ServiceHosts.StartReferralAsync(infrastructure, infrastructure.NewDatabaseName("referral_down"), settings =>
        {
            settings["ConnectionStrings:rabbitmq"] = unreachable;
            settings["Outbox:PublishTimeout"] = "00:00:01";
        });
        try
        {
            await isolated.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>()
                .HandleAsync(ReferralPayloads.Request(), "integration-test", default));

            await ServiceHosts.EventuallyAsync(async () =>
            {
                var row = await isolated.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<OutboxMessage>().AsNoTracking().SingleAsync());
                return row.Attempts >= 1;
            }, "the relay tried and failed to publish");

            var row = await isolated.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<OutboxMessage>().AsNoTracking().SingleAsync());
            Assert.Null(row.SentAt);
            Assert.NotNull(row.LastError);
            Assert.True(row.NextAttemptAt > DateTimeOffset.UtcNow.AddMilliseconds(-500), "a retry is scheduled, not abandoned");
        }
        finally
        {
            await isolated.StopQuietlyAsync();
        }
    }
}
