using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerPlatform.Messaging.Faults;
using PeerPlatform.Persistence;

namespace PeerPlatform.Messaging.Inbox;

/// <summary>One delivered message waiting for a group transaction: its inbox key, the message, and how to apply it.</summary>
public sealed class InboxWork<TDbContext>(Guid messageId, string consumer, object message, Func<TDbContext, CancellationToken, Task> apply)
    where TDbContext : DbContext
{
    public Guid MessageId { get; } = messageId;

    public object Message { get; } = message;

    public string Consumer { get; } = consumer;

    public string MessageType => Message.GetType().Name;

    public Func<TDbContext, CancellationToken, Task> Apply { get; } = apply;

    /// <summary>The delivery's trace, linked from the group's span.</summary>
    public ActivityContext Trace { get; } = Activity.Current?.Context ?? default;

    /// <summary>Set once the transaction holding the message has committed: true if applied, false if the inbox already had it.</summary>
    public TaskCompletionSource<bool> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Loads, in one statement, rows the claimed messages of a group will change, before they are
/// applied one by one: saves a round trip per message. An optimisation only: a message whose row
/// was not loaded must still work.
/// </summary>
public interface IInboxGroupPreparer<in TDbContext>
    where TDbContext : DbContext
{
    Task PrepareAsync(TDbContext db, IReadOnlyList<object> messages, CancellationToken cancellationToken);
}

/// <summary>
/// Group commit for consumers. Messages delivered while a transaction is committing are claimed
/// and applied together in the next one: a burst costs one transaction per group instead of one
/// per message, and a lone message is applied at once (nothing waits to fill a group). Each
/// message keeps its own outcome: a group that fails for a reason other than an outage is applied
/// again one message per transaction, so a bad message fails alone and goes the usual way
/// (retries, then the error queue) while the others commit. A consumer acknowledges its message
/// only after the transaction holding it has committed.
/// </summary>
public sealed class InboxGroupCommit<TDbContext> : IAsyncDisposable
    where TDbContext : DbContext
{
    /// <summary>Bounded so one transaction stays short; the prefetch of a few endpoints fills it under load.</summary>
    public const int MaxGroupSize = 64;

    private readonly Channel<InboxWork<TDbContext>> pending = Channel.CreateUnbounded<InboxWork<TDbContext>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly IServiceScopeFactory scopes;
    private readonly IFaultPoints faults;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly Lazy<Task> loop;

    public InboxGroupCommit(IServiceScopeFactory scopes, IFaultPoints faults, TimeProvider clock, ILogger<InboxGroupCommit<TDbContext>> logger)
    {
        this.scopes = scopes;
        this.faults = faults;
        this.clock = clock;
        this.logger = logger;
        loop = new Lazy<Task>(() => DetachedTask.Run(RunAsync));
    }

    /// <summary>Queues <paramref name="work"/> for the next group; completes when its transaction has committed.</summary>
    public Task<bool> ApplyAsync(InboxWork<TDbContext> work, CancellationToken cancellationToken)
    {
        _ = loop.Value;
        if (!pending.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(InboxGroupCommit<TDbContext>));
        }

        // A cancelled delivery is not acknowledged; if its group commits anyway, the inbox
        // recognises the redelivery.
        return work.Committed.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var group = new List<InboxWork<TDbContext>>(MaxGroupSize);
        try
        {
            while (await pending.Reader.WaitToReadAsync(stopping.Token))
            {
                group.Clear();
                while (group.Count < MaxGroupSize && pending.Reader.TryRead(out var work))
                {
                    group.Add(work);
                }

                await CommitGroupAsync(group);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: whatever is still queued was never acknowledged and will be redelivered.
        }
    }

    private async Task CommitGroupAsync(List<InboxWork<TDbContext>> group)
    {
        MessagingMetrics.InboxGroupSize.Record(group.Count);
        // An outage fails every message alike; each consumer's retry policy waits it out.
        await GroupCommitFailures.CommitAsync(
            group,
            async members =>
            {
                var claimed = await CommitAsync(members);
                for (var i = 0; i < members.Count; i++)
                {
                    members[i].Committed.TrySetResult(claimed[i]);
                }
            },
            (work, failure) => work.Committed.TrySetException(failure),
            () => stopping.IsCancellationRequested, logger, "messages");
    }

    /// <summary>One transaction: claims the inbox rows, applies the messages not applied before, commits.</summary>
    private async Task<bool[]> CommitAsync(IReadOnlyList<InboxWork<TDbContext>> group)
    {
        // A lone message's work belongs to its own trace; a group's span links every delivery it holds.
        using var activity = group.Count == 1
            ? MessagingMetrics.ActivitySource.StartActivity("inbox commit", ActivityKind.Internal, group[0].Trace)
            : MessagingMetrics.ActivitySource.StartActivity("inbox group commit", ActivityKind.Internal, parentContext: default,
                links: group.Where(w => w.Trace != default).Select(w => new ActivityLink(w.Trace)));
        activity?.SetTag("messaging.batch.message_count", group.Count);

        var cancellationToken = stopping.Token;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await InboxClaims.BeginAsync(db, cancellationToken);
        var claimed = await InboxClaims.ClaimAsync(db, transaction, [.. group.Select(w => (w.MessageId, w.Consumer, w.MessageType))], clock.GetUtcNow(), cancellationToken);
        var messages = group.Where((_, i) => claimed[i]).Select(w => w.Message).ToList();
        foreach (var preparer in scope.ServiceProvider.GetServices<IInboxGroupPreparer<TDbContext>>())
        {
            await preparer.PrepareAsync(db, messages, cancellationToken);
        }

        // A message may look up a row its group already tracks (DbSet.Local), and with automatic
        // change detection every such lookup first scans every tracked entity: quadratic in the
        // group's size (docs/decisions/0013). Saving detects the group's changes once.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            for (var i = 0; i < group.Count; i++)
            {
                if (claimed[i])
                {
                    await group[i].Apply(db, cancellationToken);
                }
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        faults.CrashIfArmed(FaultPoints.ConsumerBeforeCommit);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        await stopping.CancelAsync();
        if (loop.IsValueCreated)
        {
            await loop.Value;
        }

        stopping.Dispose();
    }
}
