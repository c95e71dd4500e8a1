using Google.Protobuf.WellKnownTypes;
using PeerPlatform.Integrations.Domain;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal static class WebhookMapping
{
    public static C.Subscription ToContract(this Subscription subscription)
    {
        var contract = new C.Subscription
        {
            SubscriptionId = subscription.Id.ToString(),
            Url = subscription.Url,
            Status = (C.SubscriptionStatus)subscription.Status,
            Description = subscription.Description,
            OrganisationId = subscription.OrganisationId ?? "",
            OwnerClientId = subscription.OwnerClientId,
            CreatedAt = Timestamp.FromDateTimeOffset(subscription.CreatedAt),
            FailingSince = subscription.FailingSince is { } since ? Timestamp.FromDateTimeOffset(since) : null,
            PreviousSecretExpiresAt = subscription.PreviousSecretExpiresAt is { } expires ? Timestamp.FromDateTimeOffset(expires) : null,
        };
        contract.EventTypes.AddRange(subscription.EventTypes);
        return contract;
    }

    public static C.Delivery ToContract(this WebhookDelivery delivery)
    {
        var contract = new C.Delivery
        {
            DeliveryId = delivery.Id.ToString(),
            EventId = delivery.EventId.ToString(),
            EventType = delivery.EventType,
            Status = (C.DeliveryStatus)delivery.Status,
            AttemptCount = delivery.AttemptCount,
            CreatedAt = Timestamp.FromDateTimeOffset(delivery.CreatedAt),
            NextAttemptAt = delivery.Status == DeliveryStatus.Pending ? Timestamp.FromDateTimeOffset(delivery.NextAttemptAt) : null,
            DeliveredAt = delivery.DeliveredAt is { } delivered ? Timestamp.FromDateTimeOffset(delivered) : null,
        };
        contract.Attempts.AddRange(delivery.Attempts.Select(a => new C.DeliveryAttempt
        {
            Attempt = a.Attempt,
            AttemptedAt = Timestamp.FromDateTimeOffset(a.AttemptedAt),
            StatusCode = a.StatusCode,
            LatencyMs = a.LatencyMs,
            Error = a.Error,
        }));
        return contract;
    }
}
