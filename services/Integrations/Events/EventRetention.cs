using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Domain;

namespace PeerPlatform.Integrations.Events;

/// <summary>
/// Removes events older than EventFeed:RetentionDays from the feed, with the finished deliveries
/// of that age (pending ones stay until they are delivered or given up).
/// </summary>
internal sealed class EventRetention(IServiceScopeFactory scopes, IOptions<EventFeedOptions> options, TimeProvider clock, ILogger<EventRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionCheckInterval, clock);
        do
        {
            try
            {
                await RemoveExpiredAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Removing expired events failed ({ExceptionType}); trying again at the next check", exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.Status == TaskStatus.RanToCompletion && t.Result, TaskScheduler.Default));
    }

    public async Task<(int Events, int Deliveries)> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntegrationsDbContext>();
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        var deliveries = await db.Deliveries
            .Where(d => d.CreatedAt < cutoff && d.Status != DeliveryStatus.Pending)
            .ExecuteDeleteAsync(cancellationToken);
        var events = await db.Events.Where(e => e.RecordedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (events + deliveries > 0)
        {
            logger.LogInformation("Removed {Events} events and {Deliveries} finished deliveries older than {RetentionDays} days", events, deliveries, options.Value.RetentionDays);
        }

        return (events, deliveries);
    }
}
