using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Supervisors;

internal sealed class ListSupervisorsValidator : AbstractValidator<C.ListSupervisorsRequest>
{
    public ListSupervisorsValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class ListSupervisorsHandler(PartnerScope scope, IAuditTrail audit)
{
    public async Task<C.ListSupervisorsResponse> HandleAsync(C.ListSupervisorsRequest request, CancellationToken cancellationToken)
    {
        var query = scope.Supervisors.AsNoTracking();
        if (request.ActiveOnly)
        {
            query = query.Where(s => s.Active);
        }

        var (supervisors, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: false, cancellationToken, s => s.FamilyName, s => s.GivenName, s => s.Id);
        await audit.WriteAsync(AuditedRecords.Supervisor, "organisation:" + scope.Organisation, AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListSupervisorsResponse { NextPageToken = next };
        response.Supervisors.AddRange(supervisors.Select(s => s.ToContract()));
        return response;
    }
}
