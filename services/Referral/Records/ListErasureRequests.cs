using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Data;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class ListErasureRequestsValidator : AbstractValidator<C.ListErasureRequestsRequest>
{
    public ListErasureRequestsValidator()
    {
        RuleFor(r => r.ClientId).RecordId("a client").When(r => r.ClientId.Length > 0);
        RuleFor(r => r.PageSize).InclusiveBetween(0, 100);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>Erasure requests and their decisions, newest first (ids, dates and reasons: the evidence that each was answered). Audited as a list.</summary>
internal sealed class ListErasureRequestsHandler(ReferralDbContext db, IAuditTrail audit)
{
    public async Task<C.ListErasureRequestsResponse> HandleAsync(C.ListErasureRequestsRequest request, CancellationToken cancellationToken)
    {
        var query = db.ErasureRequests.AsNoTracking();
        if (request.ClientId.Length > 0)
        {
            var clientId = Guid.Parse(request.ClientId);
            query = query.Where(r => r.ClientId == clientId);
        }

        var (requests, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: true, cancellationToken, r => r.DecidedAt, r => r.Id);
        await audit.WriteAsync(AuditedRecords.Client, request.ClientId.Length > 0 ? request.ClientId : "erasure-requests", AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListErasureRequestsResponse { NextPageToken = next };
        response.Requests.AddRange(requests.Select(r => r.ToContract()));
        return response;
    }
}
