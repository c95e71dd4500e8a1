using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Persistence;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class ListSubscriptionsValidator : AbstractValidator<C.ListSubscriptionsRequest>
{
    public ListSubscriptionsValidator()
    {
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>The caller's subscriptions, newest first; operators see every one (status FAILING finds those in trouble).</summary>
internal sealed class ListSubscriptionsHandler(SubscriptionScope scope)
{
    public async Task<C.ListSubscriptionsResponse> HandleAsync(C.ListSubscriptionsRequest request, CancellationToken cancellationToken)
    {
        var query = scope.Subscriptions.AsNoTracking();
        if (request.Status != C.SubscriptionStatus.Unspecified)
        {
            var status = (SubscriptionStatus)request.Status;
            query = query.Where(s => s.Status == status);
        }

        var (page, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: true, cancellationToken, s => s.Id);
        var response = new C.ListSubscriptionsResponse { NextPageToken = next };
        response.Subscriptions.AddRange(page.Select(s => s.ToContract()));
        return response;
    }
}
