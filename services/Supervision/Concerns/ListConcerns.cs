using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Concerns;

internal sealed class ListConcernsValidator : AbstractValidator<C.ListConcernsRequest>
{
    public ListConcernsValidator()
    {
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.Urgency).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class ListConcernsHandler(PartnerScope scope, IAuditTrail audit)
{
    public async Task<C.ListConcernsResponse> HandleAsync(C.ListConcernsRequest request, CancellationToken cancellationToken)
    {
        var query = scope.Concerns.AsNoTracking();
        if (request.Status != C.ConcernStatus.Unspecified)
        {
            var status = (ConcernStatus)request.Status;
            query = query.Where(c => c.Status == status);
        }

        if (request.Urgency != C.ConcernUrgency.Unspecified)
        {
            var urgency = (ConcernUrgency)request.Urgency;
            query = query.Where(c => c.Urgency == urgency);
        }

        // Urgency is stored as text; order by its rank so IMMEDIATE comes first, newest first within it.
        var (concerns, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: true, cancellationToken,
            c => c.Urgency == ConcernUrgency.Immediate ? 3 : c.Urgency == ConcernUrgency.Urgent ? 2 : 1, c => c.RaisedAt, c => c.Id);
        await audit.WriteAsync(AuditedRecords.Concern, "all", AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListConcernsResponse { NextPageToken = next };
        response.Concerns.AddRange(concerns.Select(c => c.ToContract(scope.MaySeeConfidential(c.OrganisationId))));
        return response;
    }
}
