using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using PeerPlatform.Messaging.Faults;

namespace PeerPlatform.Messaging.Outbox;

public sealed class OutboxRelayOptions
{
    /// <summary>How often to look for unsent rows when no commit woke the relay.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Batches one relay has in flight at once: while one waits for the broker's confirms, the
    /// next is claimed and published (rows are claimed FOR UPDATE SKIP LOCKED, so none goes twice).
    /// </summary>
    public int Workers { get; set; } = 2;

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After a commit wakes the relay, how long it waits for the commits right behind it, so they
    /// share one claim, one publish round and one update instead of one each (0 turns it off).
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Back-off after a failed publish: doubles per attempt up to this ceiling.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>How a relay claims its next batch: the oldest due rows that no other relay holds.</summary>
public static class OutboxClaim
{
    /// <summary>
    /// Ordered as the partial index ix_outbox_messages_unsent is, so PostgreSQL reads one batch
    /// of the index instead of every unsent row and a sort of them: a long backlog (after a
    /// broker outage) drains as fast per row as a short one.
    /// </summary>
    public const string Sql = """
        SELECT * FROM outbox_messages
        WHERE sent_at IS NULL AND next_attempt_at <= @now
        ORDER BY occurred_at, id
        LIMIT @batch_size
        FOR UPDATE SKIP LOCKED
        """;

    public static object[] Parameters(DateTimeOffset now, int batchSize) =>
        [new NpgsqlParameter("now", now), new NpgsqlParameter("batch_size", batchSize)];
}

/// <summary>
/// Publishes committed outbox rows to RabbitMQ and marks them sent. Rows are claimed with
/// FOR UPDATE SKIP LOCKED, so several replicas never publish the same row at once. A publish
/// completes only when the broker confirms it (MassTransit's publisher confirms); a failure
/// leaves the row unsent and schedules a retry with exponential back-off. A crash between the
/// confirm and the update republishes the row: the message id is the event id, and consumers'
/// inboxes drop the duplicate. The row's traceparent becomes the parent of the publish, so the
/// consumer's span joins the trace of the request that wrote the event.
/// </summary>
public sealed class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopeFactory,
    IBusControl bus,
    OutboxSignal signal,
    IFaultPoints faults,
    IOptions<OutboxRelayOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => RelayLoopAsync(stoppingToken)));

    private async Task RelayLoopAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            try
            {
                // The relay's own polling and bookkeeping queries would fill the trace view with a
                // root span per second per service; only the publishes are traced (see PublishAsync).
                using (SuppressInstrumentationScope.Begin())
                {
                    published = await RelayBatchAsync(stoppingToken);
                }

                failures = 0;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Database unreachable, most likely: back off, keep the rows, try again.
                failures++;
                logger.LogWarning("Outbox relay pass failed ({ExceptionType}); attempt {Failures}", exception.GetType().Name, failures);
                // Back off, but wake at once when a write commits again: the database is back.
                await WaitForSignalAsync(Backoff(failures, settings.MaxBackoff), stoppingToken);
                continue;
            }

            if (published < settings.BatchSize
                && await WaitForSignalAsync(settings.PollInterval, stoppingToken)
                && settings.BatchWindow > TimeSpan.Zero)
            {
                await DelayAsync(settings.BatchWindow, stoppingToken);
            }
        }
    }

    /// <summary>Publishes one batch of due rows; returns how many were claimed.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await db.Set<OutboxMessage>()
            .FromSqlRaw(OutboxClaim.Sql, OutboxClaim.Parameters(now, settings.BatchSize))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return 0;
        }

        if (rows.Count == settings.BatchSize)
        {
            // More rows are likely due: an idle worker claims the next batch while this one publishes.
            signal.Notify();
        }

        faults.CrashIfArmed(FaultPoints.OutboxBeforePublish);
        // The whole batch is published at once and the confirms awaited together: one
        // round trip per batch instead of one per event. Consumers do not rely on order.
        var publishes = rows.Select(row =>
        {
            row.Attempts++;
            return (Row: row, Publish: PublishAsync(row, cancellationToken));
        }).ToList();
        var sent = new List<Guid>(rows.Count);
        var failed = new List<OutboxMessage>();
        Exception? lastFailure = null;
        foreach (var (row, publish) in publishes)
        {
            try
            {
                await publish;
                sent.Add(row.Id);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                row.LastError = exception.GetType().Name;
                row.NextAttemptAt = clock.GetUtcNow() + Backoff(row.Attempts, settings.MaxBackoff);
                failed.Add(row);
                lastFailure = exception;
            }
        }

        if (lastFailure is not null)
        {
            logger.LogWarning("Publishing {Failed} of {Count} outbox messages failed ({ExceptionType}); they are retried with back-off",
                failed.Count, rows.Count, lastFailure.GetType().Name);
        }

        faults.CrashIfArmed(FaultPoints.OutboxAfterConfirm);
        // One statement marks the batch sent (was an UPDATE per row through the change tracker);
        // failures, rare, are written one by one.
        Guid[] sentIds = [.. sent];
        await db.Database.ExecuteSqlAsync(
            $"UPDATE outbox_messages SET sent_at = {clock.GetUtcNow()}, attempts = attempts + 1, last_error = NULL WHERE id = ANY({sentIds})",
            cancellationToken);
        foreach (var row in failed)
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE outbox_messages SET attempts = attempts + 1, last_error = {row.LastError}, next_attempt_at = {row.NextAttemptAt} WHERE id = {row.Id}",
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private async Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var eventType = IntegrationEventTypes.TypeOf(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Payload, eventType, Outbox<TDbContext>.SerializerOptions)
            ?? throw new InvalidOperationException($"Outbox message {row.Id} has an empty payload.");

        using var traced = SuppressInstrumentationScope.Begin(false);
        ActivityContext.TryParse(row.TraceParent, row.TraceState, out var parent);
        using var activity = MessagingMetrics.ActivitySource.StartActivity("outbox relay " + row.MessageType, ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", row.Id.ToString());
        activity?.SetTag("peer.outbox.attempt", row.Attempts);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        // WaitAsync as well as the token: a publish waiting for the confirm of a channel the
        // broker dropped may not notice its token, and a relay stuck there publishes nothing else.
        // An abandoned publish that completes later is a duplicate the inbox drops.
        await bus.Publish(message, eventType, context =>
        {
            context.MessageId = row.Id;
            context.Durable = true;
        }, timeout.Token).WaitAsync(options.Value.PublishTimeout, cancellationToken);
    }

    private static TimeSpan Backoff(int attempt, TimeSpan max)
    {
        var seconds = Math.Min(max.TotalSeconds, Math.Pow(2, Math.Min(attempt, 20)) * 0.5);
        // Jitter spreads retries of many replicas after a shared outage.
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    /// <summary>Waits for a commit's signal or the timeout, whichever comes first; true when a commit signalled.</summary>
    private async Task<bool> WaitForSignalAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await signal.WaitAsync(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
