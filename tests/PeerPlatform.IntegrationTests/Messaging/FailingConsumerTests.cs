using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Contracts.Operations.V1;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Messaging.DeadLetters;

namespace PeerPlatform.IntegrationTests.Messaging;

/// <summary>
/// A consumer that keeps failing: retried, then parked in its error queue (not lost, not acked as
/// done), where an operator can see why, and from where it is re-driven once the cause is fixed.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class FailingConsumerTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_failing_message_is_retried_parked_in_the_error_queue_listed_with_its_error_and_redriven_once_fixed()
    {
        var database = infrastructure.NewDatabaseName("failing");
        FailingUntilFixedConsumer.Reset();
        var host = await ServiceHosts.StartMessagingAsync(infrastructure, database, bus => bus.AddConsumer<FailingUntilFixedConsumer>());
        try
        {
            var message = new ReferralReceived(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), "self", "routine");
            await host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = message.EventId);

            var errorQueue = host.Services.GetRequiredService<IEndpointNameFormatter>().Consumer<FailingUntilFixedConsumer>() + "_error";
            var deadLetters = host.Services.GetRequiredService<DeadLetterQueues>();
            ListDeadLettersResponse listed = new();
            await ServiceHosts.EventuallyAsync(async () =>
            {
                listed = await deadLetters.ListAsync(new ListDeadLettersRequest { Queue = errorQueue }, CancellationToken.None);
                return listed.DeadLetters.Count == 1;
            }, $"{errorQueue} holds the message", TimeSpan.FromSeconds(60));
            Assert.Equal(6, FailingUntilFixedConsumer.Attempts); // the first try and five retries

            var deadLetter = Assert.Single(listed.DeadLetters);
            Assert.Equal(message.EventId.ToString(), deadLetter.MessageId);
            Assert.Equal(errorQueue, deadLetter.Queue);
            Assert.Contains("referral-received", deadLetter.MessageType);
            Assert.Equal("System.InvalidOperationException", deadLetter.ExceptionType);
            Assert.Equal("simulated failure", deadLetter.ExceptionMessage);
            Assert.NotNull(deadLetter.FaultedAt);
            var queue = Assert.Single(listed.Queues);
            Assert.Equal((errorQueue, errorQueue[..^"_error".Length], 1L), (queue.Name, queue.SourceQueue, queue.MessageCount));

            // Listing reads without removing; listing every queue of the service finds it too.
            var again = await deadLetters.ListAsync(new ListDeadLettersRequest(), CancellationToken.None);
            Assert.Equal(message.EventId.ToString(), Assert.Single(again.DeadLetters).MessageId);

            // Only a queue of this service can be named.
            var unknown = await Assert.ThrowsAsync<RpcException>(() => deadLetters.RedriveAsync(new RedriveDeadLettersRequest { Queue = "someone-elses_error" }, CancellationToken.None));
            Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

            // The cause is fixed; the operator re-drives that message (and one id that is not there).
            FailingUntilFixedConsumer.Fixed = true;
            var absent = Guid.NewGuid().ToString();
            var redriven = await deadLetters.RedriveAsync(
                new RedriveDeadLettersRequest { Queue = errorQueue, MessageIds = { message.EventId.ToString(), absent } }, CancellationToken.None);
            Assert.Equal(1, redriven.Moved);
            Assert.Equal([absent], redriven.NotFound);

            await ServiceHosts.EventuallyAsync(() => Task.FromResult(FailingUntilFixedConsumer.Applied == 1), "the re-driven message is applied", TimeSpan.FromSeconds(30));
            var after = await deadLetters.ListAsync(new ListDeadLettersRequest { Queue = errorQueue }, CancellationToken.None);
            Assert.Empty(after.DeadLetters);
            Assert.Equal(0, Assert.Single(after.Queues).MessageCount);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Reading_the_error_queue_gauge_again_and_again_holds_on_to_nothing()
    {
        // The gauge reads every error queue every few seconds, and most of them do not exist (a
        // queue is made with its first fault), so the broker closes each reading's channel. A
        // connection that kept those channels for its recovery grew by about 7 KB per queue per
        // reading: 9 MB in sixteen minutes of Outcomes' seventeen queues (docs/benchmarks.md).
        var host = await ServiceHosts.StartMessagingAsync(infrastructure, infrastructure.NewDatabaseName("gauge"), bus => bus.AddConsumer<FailingUntilFixedConsumer>());
        try
        {
            var deadLetters = host.Services.GetRequiredService<DeadLetterQueues>();
            Assert.Equal(0, Assert.Single(await deadLetters.DepthsAsync(CancellationToken.None)).Depth);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            for (var reading = 0; reading < 1000; reading++)
            {
                await deadLetters.DepthsAsync(CancellationToken.None);
            }

            var held = GC.GetTotalMemory(forceFullCollection: true) - before;
            Assert.True(held < 2_000_000, $"1,000 readings of the gauge left {held:N0} bytes more on the heap");
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    public sealed class FailingUntilFixedConsumer : IConsumer<ReferralReceived>
    {
        public static int Attempts;
        public static int Applied;
        public static volatile bool Fixed;

        public static void Reset() => (Attempts, Applied, Fixed) = (0, 0, false);

        public Task Consume(ConsumeContext<ReferralReceived> context)
        {
            Interlocked.Increment(ref Attempts);
            if (!Fixed)
            {
                throw new InvalidOperationException("simulated failure");
            }

            Interlocked.Increment(ref Applied);
            return Task.CompletedTask;
        }
    }
}
