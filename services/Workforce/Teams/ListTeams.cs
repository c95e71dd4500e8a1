using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Teams;

internal sealed class ListTeamsValidator : AbstractValidator<C.ListTeamsRequest>
{
    public ListTeamsValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
        RuleFor(r => r.ServiceLine).IsInEnum();
    }
}

/// <summary>Teams by name, optionally in one locality or service line.</summary>
internal sealed class ListTeamsHandler(WorkforceDbContext db)
{
    public async Task<C.ListTeamsResponse> HandleAsync(C.ListTeamsRequest request, CancellationToken cancellationToken)
    {
        var query = db.Teams.AsNoTracking();
        if (request.Locality.Length > 0)
        {
            query = query.Where(t => t.Locality == request.Locality);
        }

        if (request.ServiceLine != C.ServiceLine.Unspecified)
        {
            var line = (ServiceLine)request.ServiceLine;
            query = query.Where(t => t.ServiceLine == line);
        }

        var (teams, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: false, cancellationToken, t => t.Name, t => t.Id);
        var response = new C.ListTeamsResponse { NextPageToken = next };
        response.Teams.AddRange(teams.Select(t => t.ToContract()));
        return response;
    }
}
