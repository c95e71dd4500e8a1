using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerPlatform.Messaging.Faults;

namespace PeerPlatform.Messaging.Inbox;

/// <summary>
/// What every consumer shares: a message whose id the inbox already holds for this consumer is
/// acknowledged and ignored, the broker is acknowledged only after the transaction holding the
/// inbox row and the consumer's changes has committed (MassTransit acks when Consume returns),
/// and each delivery is timed, counted and logged by ids only.
/// </summary>
public abstract class InboxConsumer<TMessage>(ILogger logger) : IConsumer<TMessage>
    where TMessage : class
{
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
        var faults = context.TryGetPayload<IServiceProvider>(out var services) ? services.GetService<IFaultPoints>() : null;
        if (context.ReceiveContext.Redelivered)
        {
            // The broker delivered it before and never got an acknowledgement: a consumer died or
            // lost its connection mid-way. The inbox decides whether it was applied.
            logger.LogInformation("{Consumer} received redelivered message {MessageId}", consumerName, messageId);
            MessagingMetrics.Redelivered.Add(1, new KeyValuePair<string, object?>("consumer", consumerName));
        }

        faults?.FailIfPoison(messageId);

        if (!await ClaimApplyAndCommitAsync(context, messageId, faults))
        {
            logger.LogInformation("{Consumer} skipped duplicate message {MessageId}", consumerName, messageId);
            MessagingMetrics.DuplicatesSkipped.Add(1, new KeyValuePair<string, object?>("consumer", consumerName));
            return false;
        }

        // Ids and type names only: operators follow a message by its id and trace.
        logger.LogInformation("{Consumer} applied {MessageType} {MessageId}", consumerName, typeof(TMessage).Name, messageId);
        return true;
    }

    /// <summary>
    /// Claims the inbox row for <paramref name="messageId"/> and, if it was not taken, applies the
    /// message; returns only once that has committed. False if the inbox already had it.
    /// </summary>
    private protected abstract Task<bool> ClaimApplyAndCommitAsync(ConsumeContext<TMessage> context, Guid messageId, IFaultPoints? faults);
}

/// <summary>A consumer that applies each message in its own transaction, on the delivery's own DbContext.</summary>
public abstract class IdempotentConsumer<TMessage, TDbContext>(TDbContext db, ILogger logger) : InboxConsumer<TMessage>(logger)
    where TMessage : class
    where TDbContext : DbContext
{
    protected TDbContext Db => db;

    private protected override async Task<bool> ClaimApplyAndCommitAsync(ConsumeContext<TMessage> context, Guid messageId, IFaultPoints? faults)
    {
        await using var transaction = await InboxClaims.BeginAsync(db, context.CancellationToken);
        // Claimed first: a message applied before finds its row taken, and a concurrent delivery
        // of the same message waits for the first transaction, then finds it taken (or claims it,
        // if the first rolled back).
        var claimed = await InboxClaims.ClaimAsync(db, transaction, [(messageId, GetType().Name, typeof(TMessage).Name)], DateTimeOffset.UtcNow, context.CancellationToken);
        if (!claimed[0])
        {
            return false;
        }

        await HandleAsync(context.Message, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
        faults?.CrashIfArmed(FaultPoints.ConsumerBeforeCommit);
        await transaction.CommitAsync(context.CancellationToken);
        Committed(context.Message);
        return true;
    }

    /// <summary>Applies the message to the consumer's database; do not call SaveChanges.</summary>
    protected abstract Task HandleAsync(TMessage message, CancellationToken cancellationToken);

    /// <summary>Called once the message's changes have committed (to wake whatever works from them).</summary>
    protected virtual void Committed(TMessage message)
    {
    }
}

/// <summary>
/// A consumer whose messages are committed in groups with the other deliveries arriving at the
/// same time (<see cref="InboxGroupCommit{TDbContext}"/>): for high-volume events whose handling
/// is a few statements, where one transaction per message would cost more than the work.
/// </summary>
public abstract class GroupCommittedConsumer<TMessage, TDbContext>(InboxGroupCommit<TDbContext> groups, ILogger logger) : InboxConsumer<TMessage>(logger)
    where TMessage : class
    where TDbContext : DbContext
{
    private protected override Task<bool> ClaimApplyAndCommitAsync(ConsumeContext<TMessage> context, Guid messageId, IFaultPoints? faults) =>
        groups.ApplyAsync(
            new InboxWork<TDbContext>(messageId, GetType().Name, context.Message, (db, cancellationToken) => ApplyAsync(db, context.Message, cancellationToken)),
            context.CancellationToken);

    /// <summary>Applies the message to <paramref name="db"/>, which other messages of the group share; do not call SaveChanges.</summary>
    protected abstract Task ApplyAsync(TDbContext db, TMessage message, CancellationToken cancellationToken);
}
