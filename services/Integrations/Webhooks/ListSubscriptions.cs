using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Integrations.Domain;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

internal sealed class ListSubscriptionsValidator : AbstractValidator<C.ListSubscriptionsRequest>
{
    public ListSubscriptionsValidator()
    {
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).Must(token => KeysetPageToken.TryRead(token, out _)).WithMessage("Must be a next_page_token from a previous page.");
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

        KeysetPageToken.TryRead(request.PageToken, out var after);
        if (after is { } last)
        {
            query = query.Where(s => s.Id.CompareTo(last) < 0);
        }

        var size = request.PageSize > 0 ? request.PageSize : 50;
        var page = await query.OrderByDescending(s => s.Id).Take(size + 1).ToListAsync(cancellationToken);
        var response = new C.ListSubscriptionsResponse { NextPageToken = page.Count > size ? KeysetPageToken.After(page[size - 1].Id) : "" };
        response.Subscriptions.AddRange(page.Take(size).Select(s => s.ToContract()));
        return response;
    }
}
