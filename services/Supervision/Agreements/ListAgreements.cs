using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Agreements;

internal sealed class ListAgreementsValidator : AbstractValidator<C.ListAgreementsRequest>
{
    public ListAgreementsValidator()
    {
        RuleFor(r => r.WorkerId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a worker id (a UUID) or empty.");
        RuleFor(r => r.OrganisationId).MaximumLength(100);
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class ListAgreementsHandler(PartnerScope scope, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.ListAgreementsResponse> HandleAsync(C.ListAgreementsRequest request, CancellationToken cancellationToken)
    {
        var query = scope.Agreements.AsNoTracking();
        if (scope.OrganisationFilter(request.OrganisationId) is { } organisation)
        {
            query = query.Where(a => a.OrganisationId == organisation);
        }

        if (request.WorkerId.Length > 0)
        {
            var workerId = Guid.Parse(request.WorkerId);
            query = query.Where(a => a.WorkerId == workerId);
        }

        if (request.ActiveOnly)
        {
            var today = Compliance.LocalDate(clock.GetUtcNow());
            query = query.Where(a => a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today));
        }

        var (agreements, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: false, cancellationToken, a => a.StartsOn, a => a.Id);
        await audit.WriteAsync(AuditedRecords.Agreement, request.WorkerId.Length > 0 ? "worker:" + request.WorkerId : "all", AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListAgreementsResponse { NextPageToken = next };
        response.Agreements.AddRange(agreements.Select(a => a.ToContract()));
        return response;
    }
}
