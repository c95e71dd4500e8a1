using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Domain;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class DeleteSubscriptionValidator : AbstractValidator<C.DeleteSubscriptionRequest>
{
    public DeleteSubscriptionValidator() => RuleFor(r => r.SubscriptionId).RecordId("a subscription");
}

/// <summary>Stops every delivery, those being retried too; the subscription and its log stay readable.</summary>
internal sealed class DeleteSubscriptionHandler(IntegrationsDbContext db, SubscriptionScope scope, TimeProvider clock)
{
    public async Task<C.Subscription> HandleAsync(C.DeleteSubscriptionRequest request, CancellationToken cancellationToken)
    {
        var subscription = await scope.FindAsync(request.SubscriptionId, cancellationToken);
        subscription.Delete(clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Deliveries
            .Where(d => d.SubscriptionId == subscription.Id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Cancelled).SetProperty(d => d.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return subscription.ToContract();
    }
}
