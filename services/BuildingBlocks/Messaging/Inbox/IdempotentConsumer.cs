using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerPlatform.Messaging.Faults;

namespace PeerPlatform.Messaging.Inbox;

/// <summary>
/// Base for every consumer: the inbox row and the consumer's changes commit in one transaction,
/// and the broker is acknowledged only after that commit (MassTransit acks when Consume returns).
/// A message whose id the inbox already holds for this consumer is acknowledged and ignored;
/// of two concurrent deliveries of one message, the second waits on the inbox row and is ignored.
/// </summary>
public abstract class IdempotentConsumer<TMessage, TDbContext>(TDbContext db, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    protected TDbContext Db => db;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            outcome = await ApplyOnceAsync(context) ? "applied" : "duplicate";
        }
        finally
        {
            MessagingMetrics.ConsumerDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds, new("consumer", GetType().Name), new("outcome", outcome));
        }
    }

    /// <summary>Applies the message unless the inbox has it; returns whether it was applied now.</summary>
    private async Task<bool> ApplyOnceAsync(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; it cannot be deduplicated.");
        var consumerName = GetType().Name;
        var faults = context.TryGetPayload<IServiceProvider>(out var services) ? services.GetService<FaultPoints>() : null;
        if (context.ReceiveContext.Redelivered)
        {
            // The broker delivered it before and never got an acknowledgement: a consumer died or
            // lost its connection mid-way. The inbox below decides whether it was applied.
            logger.LogInformation("{Consumer} received redelivered message {MessageId}", consumerName, messageId);
            MessagingMetrics.Redelivered.Add(1, new KeyValuePair<string, object?>("consumer", consumerName));
        }

        faults?.FailIfPoison(messageId);

        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        // Claim the inbox row first, in one statement: a message applied before finds it taken, and
        // a concurrent delivery of the same message waits for the first transaction and then finds
        // it taken (or claims it, if the first rolled back).
        var claimed = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO inbox_messages (message_id, consumer, message_type, processed_at)
            VALUES ({messageId}, {consumerName}, {typeof(TMessage).Name}, {DateTimeOffset.UtcNow})
            ON CONFLICT DO NOTHING
            """,
            context.CancellationToken);
        if (claimed == 0)
        {
            logger.LogInformation("{Consumer} skipped duplicate message {MessageId}", consumerName, messageId);
            MessagingMetrics.DuplicatesSkipped.Add(1, new KeyValuePair<string, object?>("consumer", consumerName));
            return false;
        }

        await HandleAsync(context.Message, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        faults?.CrashIfArmed(FaultPoints.ConsumerBeforeCommit);
        await transaction.CommitAsync(context.CancellationToken);
        // Ids and type names only: operators follow a message by its id and trace.
        logger.LogInformation("{Consumer} applied {MessageType} {MessageId}", consumerName, typeof(TMessage).Name, messageId);
        return true;
    }

    /// <summary>Applies the message to the consumer's database; do not call SaveChanges.</summary>
    protected abstract Task HandleAsync(TMessage message, CancellationToken cancellationToken);
}
