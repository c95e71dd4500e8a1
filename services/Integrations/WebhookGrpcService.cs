using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Webhooks;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations;

/// <summary>
/// peer.integrations.v1.WebhookService, natively and as REST. Trust systems and partner
/// organisations manage their own subscriptions; operators read every one and may re-send.
/// </summary>
internal sealed class WebhookGrpcService(IServiceProvider services) : C.WebhookService.WebhookServiceBase
{
    [Authorize(Policy = PeerPolicies.TrustOrPartner)]
    [Idempotent]
    public override Task<C.SubscriptionWithSecret> CreateSubscription(C.CreateSubscriptionRequest request, ServerCallContext context) =>
        services.GetRequiredService<CreateSubscriptionHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Webhooks)]
    public override Task<C.Subscription> GetSubscription(C.GetSubscriptionRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetSubscriptionHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Webhooks)]
    public override Task<C.ListSubscriptionsResponse> ListSubscriptions(C.ListSubscriptionsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListSubscriptionsHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.TrustOrPartner)]
    public override Task<C.Subscription> UpdateSubscription(C.UpdateSubscriptionRequest request, ServerCallContext context) =>
        services.GetRequiredService<UpdateSubscriptionHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.TrustOrPartner)]
    public override Task<C.Subscription> DeleteSubscription(C.DeleteSubscriptionRequest request, ServerCallContext context) =>
        services.GetRequiredService<DeleteSubscriptionHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.TrustOrPartner)]
    public override Task<C.SubscriptionWithSecret> RotateSubscriptionSecret(C.RotateSubscriptionSecretRequest request, ServerCallContext context) =>
        services.GetRequiredService<RotateSubscriptionSecretHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Webhooks)]
    public override Task<C.ListDeliveriesResponse> ListDeliveries(C.ListDeliveriesRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListDeliveriesHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Webhooks)]
    public override Task<C.Delivery> ResendDelivery(C.ResendDeliveryRequest request, ServerCallContext context) =>
        services.GetRequiredService<ResendDeliveryHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Webhooks)]
    public override Task<C.ListEventTypesResponse> ListEventTypes(C.ListEventTypesRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListEventTypesHandler>().HandleAsync(request, context.CancellationToken);
}
