using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Domain;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class CreateSubscriptionValidator : AbstractValidator<C.CreateSubscriptionRequest>
{
    public CreateSubscriptionValidator(WebhookTargets targets)
    {
        RuleFor(r => r.Url).NotEmpty().WebhookUrl(targets);
        RuleFor(r => r.EventTypes).NotEmpty().Must(types => types.Count <= SubscriptionRules.MaxEventTypes).WithMessage($"At most {SubscriptionRules.MaxEventTypes} event types.");
        RuleForEach(r => r.EventTypes).KnownEventType();
        RuleFor(r => r.Description).MaximumLength(Subscription.MaxDescriptionLength);
    }
}

/// <summary>Registers an endpoint; the signing secret is made here and shown only in this answer.</summary>
internal sealed class CreateSubscriptionHandler(IntegrationsDbContext db, SubscriptionScope scope, IDataProtectionProvider protection, TimeProvider clock, ILogger<CreateSubscriptionHandler> logger)
{
    public async Task<C.SubscriptionWithSecret> HandleAsync(C.CreateSubscriptionRequest request, CancellationToken cancellationToken)
    {
        scope.EnsureMaySubscribe(request.EventTypes);
        var secret = SigningSecrets.New();
        var subscription = Subscription.Create(
            request.Url, request.EventTypes, request.Description, scope.OwnOrganisation, scope.ClientId, SigningSecrets.Protect(protection, secret), clock.GetUtcNow());
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Client {ClientId} created webhook subscription {SubscriptionId} for {EventTypeCount} event types", scope.ClientId, subscription.Id, subscription.EventTypes.Count);
        return new C.SubscriptionWithSecret { Subscription = subscription.ToContract(), Secret = secret };
    }
}
