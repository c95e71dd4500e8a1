using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Integrations.Webhooks;

namespace PeerPlatform.Integrations.Delivery;

/// <summary>
/// Delivers the webhook outbox. Each round claims due deliveries (leased, so replicas share the
/// work, and skipping rows another replica holds), at most the earliest pending one per
/// subscription and subject so a subject's events arrive in order, and none of a subscription
/// still being served. Each subscription is then served on its own, so a slow or dead receiver
/// holds one of <see cref="WebhookOptions.MaxConcurrentReceivers"/> and delays nobody else.
/// A claim's attempts are saved together once it is served (at least once: after a crash before
/// that, they are made again).
/// </summary>
internal sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    DeliverySignal signal,
    IDataProtectionProvider protection,
    RetrySchedule schedule,
    IOptions<WebhookOptions> configured,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private const int ClaimLimit = 64;

    private readonly WebhookOptions options = configured.Value;
    private readonly ConcurrentDictionary<Guid, Task> serving = new();
    private readonly SemaphoreSlim receivers = new(configured.Value.MaxConcurrentReceivers);

    /// <summary>How long a claim holds its deliveries; a subscription's server gives back what it has not reached by then.</summary>
    private TimeSpan Lease => (options.Timeout * 3) + TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await ClaimAsync(stoppingToken);
                foreach (var group in claimed.GroupBy(c => c.SubscriptionId))
                {
                    var ids = group.Select(c => c.DeliveryId).ToList();
                    // Held until the task is in the map, so a quick finish cannot remove it first.
                    var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    serving[group.Key] = Task.Run(async () =>
                    {
                        await registered.Task;
                        await ServeAsync(group.Key, ids, stoppingToken);
                    }, CancellationToken.None);
                    registered.SetResult();
                }

                failures = 0;
                if (claimed.Count < ClaimLimit && await signal.WaitAsync(options.PollInterval, stoppingToken))
                {
                    // Woken by a commit: let the events committed just after it join the same claim.
                    await Task.Delay(options.BatchWindow, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures++;
                logger.LogWarning("Claiming webhook deliveries failed ({ExceptionType}); attempt {Failures}", exception.GetType().Name, failures);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, failures)), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(serving.Values);
    }

    private async Task<List<(Guid DeliveryId, Guid SubscriptionId)>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntegrationsDbContext>();
        var now = clock.GetUtcNow();
        var busy = serving.Keys.ToArray();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                """
                WITH due AS (
                    SELECT d.id FROM webhook_deliveries d
                    WHERE d.status = 'Pending' AND d.next_attempt_at <= @now
                      AND (d.locked_until IS NULL OR d.locked_until < @now)
                      AND NOT (d.subscription_id = ANY(@busy))
                      AND NOT EXISTS (
                          SELECT 1 FROM webhook_deliveries earlier
                          WHERE earlier.status = 'Pending' AND earlier.subscription_id = d.subscription_id
                            AND earlier.subject_id = d.subject_id AND earlier.event_sequence < d.event_sequence)
                    ORDER BY d.next_attempt_at
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
                UPDATE webhook_deliveries d SET locked_until = @lease FROM due WHERE d.id = due.id
                RETURNING d.id, d.subscription_id
                """, connection);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("lease", now + Lease);
            command.Parameters.AddWithValue("busy", busy);
            command.Parameters.AddWithValue("limit", ClaimLimit);
            var claimed = new List<(Guid, Guid)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }

            return claimed;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Sends one subscription's claimed deliveries one after another.</summary>
    private async Task ServeAsync(Guid subscriptionId, List<Guid> deliveryIds, CancellationToken stoppingToken)
    {
        var giveBackAt = clock.GetUtcNow() + Lease - options.Timeout - TimeSpan.FromSeconds(10);
        await receivers.WaitAsync(stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        try
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IntegrationsDbContext>();
            var subscription = await db.Subscriptions.SingleAsync(s => s.Id == subscriptionId, stoppingToken);
            var deliveries = await db.Deliveries.Where(d => deliveryIds.Contains(d.Id)).OrderBy(d => d.EventSequence).ToListAsync(stoppingToken);
            var sequences = deliveries.Select(d => d.EventSequence).ToList();
            var events = await db.Events.AsNoTracking().Where(e => sequences.Contains(e.Sequence)).ToDictionaryAsync(e => e.Sequence, stoppingToken);
            var secrets = SigningSecrets.Unprotect(protection, subscription.SigningSecrets(clock.GetUtcNow()));
            foreach (var delivery in deliveries)
            {
                if (subscription.Status == SubscriptionStatus.Deleted || !events.TryGetValue(delivery.EventSequence, out var published))
                {
                    delivery.Cancel();
                }
                else if (clock.GetUtcNow() > giveBackAt)
                {
                    break; // the rest is released below and claimed again in a later round
                }
                else
                {
                    await AttemptAsync(subscription, delivery, published, secrets, stoppingToken);
                }
            }

            // One round trip for the claim's attempts: after a crash before it, they are made again.
            await db.SaveChangesAsync(CancellationToken.None);

            var unreached = deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.LockedUntil is not null).Select(d => d.Id).ToList();
            if (unreached.Count > 0)
            {
                await db.Deliveries.Where(d => unreached.Contains(d.Id)).ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not attempted is claimed again once its lease ends.
        }
        catch (Exception exception)
        {
            logger.LogWarning("Serving webhook subscription {SubscriptionId} failed ({ExceptionType}); its deliveries are claimed again after their lease",
                subscriptionId, exception.GetType().Name);
        }
        finally
        {
            receivers.Release();
            serving.TryRemove(subscriptionId, out _);
            signal.Notify(); // a subject's next event may be due now
        }
    }

    private async Task AttemptAsync(Subscription subscription, WebhookDelivery delivery, PublishedEvent published, IReadOnlyList<string> secrets, CancellationToken stoppingToken)
    {
        var attempt = await sender.SendAsync(new WebhookMessage(delivery.Id, subscription.Url, WebhookSender.Body(published), secrets), stoppingToken);
        var gaveUp = delivery.Attempted(attempt, schedule, Random.Shared.NextDouble());
        if (delivery.Status == DeliveryStatus.Delivered)
        {
            subscription.DeliverySucceeded();
            WebhookMetrics.Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "delivered"));
        }
        else if (gaveUp)
        {
            subscription.DeliveryGaveUp(attempt.AttemptedAt);
            WebhookMetrics.Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "gave_up"));
            logger.LogWarning("Gave up webhook delivery {DeliveryId} of subscription {SubscriptionId} after {Attempts} attempts; the subscription is failing",
                delivery.Id, subscription.Id, delivery.AttemptCount);
        }
        else
        {
            WebhookMetrics.Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "retrying"));
            logger.LogInformation("Webhook delivery {DeliveryId} attempt {Attempt} failed ({Error}, status {StatusCode}); next at {NextAttemptAt:o}",
                delivery.Id, delivery.AttemptCount, attempt.Error, attempt.StatusCode, delivery.NextAttemptAt);
        }
    }

    public override void Dispose()
    {
        receivers.Dispose();
        base.Dispose();
    }
}
