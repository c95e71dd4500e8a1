using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Supervision.Data;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Organisations;

internal sealed class ListPartnerOrganisationsValidator : AbstractValidator<C.ListPartnerOrganisationsRequest>
{
    public ListPartnerOrganisationsValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class ListPartnerOrganisationsHandler(SupervisionDbContext db)
{
    public async Task<C.ListPartnerOrganisationsResponse> HandleAsync(C.ListPartnerOrganisationsRequest request, CancellationToken cancellationToken)
    {
        var (organisations, next) = await db.Organisations.AsNoTracking().ToKeysetPageAsync(request.PageToken, request.PageSize, descending: false, cancellationToken, o => o.Id);
        var response = new C.ListPartnerOrganisationsResponse { NextPageToken = next };
        response.Organisations.AddRange(organisations.Select(o => o.ToContract()));
        return response;
    }
}
