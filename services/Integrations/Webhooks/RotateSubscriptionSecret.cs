using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Data;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class RotateSubscriptionSecretValidator : AbstractValidator<C.RotateSubscriptionSecretRequest>
{
    public const int MaxOverlapHours = 168;

    public RotateSubscriptionSecretValidator()
    {
        RuleFor(r => r.SubscriptionId).RecordId("a subscription");
        RuleFor(r => r.OverlapHours).InclusiveBetween(0, MaxOverlapHours).When(r => r.HasOverlapHours);
    }
}

/// <summary>A new secret, shown once; the previous one keeps signing (alongside) for the overlap.</summary>
internal sealed class RotateSubscriptionSecretHandler(IntegrationsDbContext db, SubscriptionScope scope, IDataProtectionProvider protection, TimeProvider clock, ILogger<RotateSubscriptionSecretHandler> logger)
{
    public async Task<C.SubscriptionWithSecret> HandleAsync(C.RotateSubscriptionSecretRequest request, CancellationToken cancellationToken)
    {
        var subscription = await scope.FindAsync(request.SubscriptionId, cancellationToken);
        var secret = SigningSecrets.New();
        var overlap = TimeSpan.FromHours(request.HasOverlapHours ? request.OverlapHours : 24);
        subscription.RotateSecret(SigningSecrets.Protect(protection, secret), overlap, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Client {ClientId} rotated the secret of webhook subscription {SubscriptionId}", scope.ClientId, subscription.Id);
        return new C.SubscriptionWithSecret { Subscription = subscription.ToContract(), Secret = secret };
    }
}
