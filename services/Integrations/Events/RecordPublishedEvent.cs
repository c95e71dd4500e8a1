using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Delivery;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Messaging.Inbox;

namespace PeerPlatform.Integrations.Events;

/// <summary>
/// Records an integration event in the event feed and, in the same transaction, a delivery for
/// every subscription that receives it (the webhook outbox): an event is never in the feed without
/// its deliveries, nor delivered without being in the feed.
/// </summary>
internal sealed class RecordPublishedEvent<TEvent>(IntegrationsDbContext db, DeliverySignal signal, TimeProvider clock, ILogger<RecordPublishedEvent<TEvent>> logger)
    : IdempotentConsumer<TEvent, IntegrationsDbContext>(db, logger)
    where TEvent : class, IIntegrationEvent
{
    // Any constant: the lock that makes feed positions commit in order.
    private const long FeedWriterLock = 0x7065_6572_6665_6564;

    private bool deliveriesAdded;

    protected override async Task HandleAsync(TEvent message, CancellationToken cancellationToken)
    {
        var type = EventCatalogue.For(typeof(TEvent));
        // One writer at a time, held to commit: positions are then committed in order, so a feed
        // reader that has seen position N never later finds an N-1 committed behind it.
        await Db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FeedWriterLock})", cancellationToken);
        await FollowSupervisionAsync(message, cancellationToken);

        var organisations = await OrganisationsOfAsync(type, message, cancellationToken);
        var now = clock.GetUtcNow();
        var published = PublishedEvent.Record(
            message.EventId, type.Name, type.Subject(message), organisations, message.OccurredAt, EventCatalogue.DataOf(message).ToJsonString(), now);
        Db.Events.Add(published);
        await Db.SaveChangesAsync(cancellationToken);

        var subscriptions = await Db.Subscriptions
            .Where(s => s.Status != SubscriptionStatus.Deleted && s.EventTypes.Contains(type.Name))
            .ToListAsync(cancellationToken);
        foreach (var subscription in subscriptions.Where(s => s.OrganisationId is null || organisations.Contains(s.OrganisationId)))
        {
            Db.Deliveries.Add(WebhookDelivery.For(subscription, published, now));
            deliveriesAdded = true;
        }
    }

    protected override void Committed(TEvent message)
    {
        if (deliveriesAdded)
        {
            signal.Notify();
        }
    }

    /// <summary>Which organisations supervise which workers, so partners hear about their own workers.</summary>
    private async Task FollowSupervisionAsync(TEvent message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case SupervisionAgreementStarted started when !await Db.SupervisedWorkers.AnyAsync(l => l.AgreementId == started.AgreementId, cancellationToken):
                Db.SupervisedWorkers.Add(new SupervisedWorkerLink { AgreementId = started.AgreementId, WorkerId = started.WorkerId, OrganisationId = started.OrganisationId });
                break;
            case SupervisionAgreementEnded ended:
                await Db.SupervisedWorkers.Where(l => l.AgreementId == ended.AgreementId).ExecuteDeleteAsync(cancellationToken);
                break;
        }
    }

    private async Task<List<string>> OrganisationsOfAsync(PublishedEventType type, TEvent message, CancellationToken cancellationToken)
    {
        if (type.Organisation?.Invoke(message) is { } organisation)
        {
            return [organisation];
        }

        if (type.AboutWorker?.Invoke(message) is { } workerId)
        {
            return await Db.SupervisedWorkers.Where(l => l.WorkerId == workerId).Select(l => l.OrganisationId).Distinct().ToListAsync(cancellationToken);
        }

        return [];
    }
}
