using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Domain;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class ListDeliveriesValidator : AbstractValidator<C.ListDeliveriesRequest>
{
    public ListDeliveriesValidator()
    {
        RuleFor(r => r.SubscriptionId).RecordId("a subscription");
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).Must(token => KeysetPageToken.TryRead(token, out _)).WithMessage("Must be a next_page_token from a previous page.");
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

        KeysetPageToken.TryRead(request.PageToken, out var after);
        if (after is { } last)
        {
            query = query.Where(d => d.Id.CompareTo(last) < 0);
        }

        var size = request.PageSize > 0 ? request.PageSize : 50;
        var page = await query.OrderByDescending(d => d.Id).Take(size + 1).ToListAsync(cancellationToken);
        var response = new C.ListDeliveriesResponse { NextPageToken = page.Count > size ? KeysetPageToken.After(page[size - 1].Id) : "" };
        response.Deliveries.AddRange(page.Take(size).Select(d => d.ToContract()));
        return response;
    }
}
