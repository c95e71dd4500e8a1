using FluentValidation;
using PeerPlatform.Grpc;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class GetSubscriptionValidator : AbstractValidator<C.GetSubscriptionRequest>
{
    public GetSubscriptionValidator() => RuleFor(r => r.SubscriptionId).RecordId("a subscription");
}

internal sealed class GetSubscriptionHandler(SubscriptionScope scope)
{
    public async Task<C.Subscription> HandleAsync(C.GetSubscriptionRequest request, CancellationToken cancellationToken) =>
        (await scope.FindAsync(request.SubscriptionId, cancellationToken)).ToContract();
}
