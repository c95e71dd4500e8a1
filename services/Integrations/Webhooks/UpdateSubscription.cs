using FluentValidation;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Domain;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class UpdateSubscriptionValidator : AbstractValidator<C.UpdateSubscriptionRequest>
{
    public UpdateSubscriptionValidator(WebhookTargets targets)
    {
        RuleFor(r => r.SubscriptionId).RecordId("a subscription");
        RuleFor(r => r.Url).WebhookUrl(targets);
        RuleFor(r => r.EventTypes).Must(types => types.Count <= SubscriptionRules.MaxEventTypes).WithMessage($"At most {SubscriptionRules.MaxEventTypes} event types.");
        RuleForEach(r => r.EventTypes).KnownEventType();
        RuleFor(r => r.Description).MaximumLength(Subscription.MaxDescriptionLength);
    }
}

/// <summary>A new endpoint or event types apply to events recorded from now on; deliveries already made keep their endpoint's history.</summary>
internal sealed class UpdateSubscriptionHandler(IntegrationsDbContext db, SubscriptionScope scope)
{
    public async Task<C.Subscription> HandleAsync(C.UpdateSubscriptionRequest request, CancellationToken cancellationToken)
    {
        scope.EnsureMaySubscribe(request.EventTypes);
        var subscription = await scope.FindAsync(request.SubscriptionId, cancellationToken);
        subscription.Change(request.Url, request.EventTypes, request.Description.Length > 0 ? request.Description : null);
        await db.SaveChangesAsync(cancellationToken);
        return subscription.ToContract();
    }
}
