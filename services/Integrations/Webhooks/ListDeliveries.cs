using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Persistence;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class ListDeliveriesValidator : AbstractValidator<C.ListDeliveriesRequest>
{
    public ListDeliveriesValidator()
    {
        RuleFor(r => r.SubscriptionId).RecordId("a subscription");
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>The delivery log of one subscription, newest first.</summary>
internal sealed class ListDeliveriesHandler(IntegrationsDbContext db, SubscriptionScope scope)
{
    public async Task<C.ListDeliveriesResponse> HandleAsync(C.ListDeliveriesRequest request, CancellationToken cancellationToken)
    {
        var subscription = await scope.FindAsync(request.SubscriptionId, cancellationToken);
        var query = db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription.Id);
        if (request.Status != C.DeliveryStatus.Unspecified)
        {
            var status = (DeliveryStatus)request.Status;
            query = query.Where(d => d.Status == status);
        }

        var (page, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: true, cancellationToken, d => d.Id);
        var response = new C.ListDeliveriesResponse { NextPageToken = next };
        response.Deliveries.AddRange(page.Select(d => d.ToContract()));
        return response;
    }
}
