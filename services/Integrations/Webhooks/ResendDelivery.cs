using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Delivery;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class ResendDeliveryValidator : AbstractValidator<C.ResendDeliveryRequest>
{
    public ResendDeliveryValidator()
    {
        RuleFor(r => r.SubscriptionId).RecordId("a subscription");
        RuleFor(r => r.DeliveryId).RecordId("a delivery");
    }
}

/// <summary>
/// Sends one delivery again now, with its webhook-id, and answers with the attempt logged: for a
/// receiver that lost one, or to check a fixed endpoint. A delivery given up becomes delivered if
/// this attempt succeeds.
/// </summary>
internal sealed class ResendDeliveryHandler(
    IntegrationsDbContext db, SubscriptionScope scope, WebhookSender sender, IDataProtectionProvider protection, RetrySchedule schedule, TimeProvider clock)
{
    public async Task<C.Delivery> HandleAsync(C.ResendDeliveryRequest request, CancellationToken cancellationToken)
    {
        var subscription = await scope.FindAsync(request.SubscriptionId, cancellationToken);
        if (subscription.Status == SubscriptionStatus.Deleted)
        {
            throw new DomainRuleViolationException("The subscription was deleted; nothing is delivered for it.");
        }

        var deliveryId = Guid.Parse(request.DeliveryId);
        var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == subscription.Id, cancellationToken)
            ?? throw new NotFoundException("Delivery", request.DeliveryId);
        var published = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Sequence == delivery.EventSequence, cancellationToken)
            ?? throw new DomainRuleViolationException("The event is older than the feed keeps; it can no longer be sent.");

        var secrets = SigningSecrets.Unprotect(protection, subscription.SigningSecrets(clock.GetUtcNow()));
        var attempt = await sender.SendAsync(new WebhookMessage(delivery.Id, subscription.Url, WebhookSender.Body(published), secrets), cancellationToken);
        if (delivery.Attempted(attempt, schedule, Random.Shared.NextDouble()))
        {
            subscription.DeliveryGaveUp(attempt.AttemptedAt);
        }
        else if (delivery.Status == DeliveryStatus.Delivered)
        {
            subscription.DeliverySucceeded();
        }

        await db.SaveChangesAsync(cancellationToken);
        return delivery.ToContract();
    }
}
