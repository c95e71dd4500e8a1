using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.IntegrationTests.Infrastructure;
using RabbitMQ.Client;

namespace PeerPlatform.IntegrationTests.Messaging;

/// <summary>A consumer that keeps failing: retried, then parked in its error queue, not lost and not acked as done.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class FailingConsumerTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_message_that_keeps_failing_is_retried_then_moved_to_the_error_queue()
    {
        var database = infrastructure.NewDatabaseName("failing");
        AlwaysFailingConsumer.Attempts = 0;
        var host = await ServiceHosts.StartMessagingAsync(infrastructure, database, bus => bus.AddConsumer<AlwaysFailingConsumer>());
        try
        {
            var message = new ReferralReceived(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), "self", "routine");
            await host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = message.EventId);

            var errorQueue = host.Services.GetRequiredService<IEndpointNameFormatter>().Consumer<AlwaysFailingConsumer>() + "_error";
            var factory = new ConnectionFactory { Uri = new Uri(infrastructure.RabbitConnectionString) };
            await using var connection = await factory.CreateConnectionAsync();
            await ServiceHosts.EventuallyAsync(async () =>
            {
                try
                {
                    // A fresh channel each time: a failed passive declare closes the channel.
                    await using var channel = await connection.CreateChannelAsync();
                    return (await channel.QueueDeclarePassiveAsync(errorQueue)).MessageCount == 1;
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    return false; // not declared yet; the passive declare closed the channel
                }
            }, $"{errorQueue} holds the message", TimeSpan.FromSeconds(60));

            Assert.Equal(6, AlwaysFailingConsumer.Attempts); // the first try and five retries
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    public sealed class AlwaysFailingConsumer : IConsumer<ReferralReceived>
    {
        public static int Attempts;

        public Task Consume(ConsumeContext<ReferralReceived> context)
        {
            Interlocked.Increment(ref Attempts);
            throw new InvalidOperationException("simulated failure");
        }
    }
}
