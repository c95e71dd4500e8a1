using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Workers;

internal sealed class ListWorkersValidator : AbstractValidator<C.ListWorkersRequest>
{
    public ListWorkersValidator()
    {
        RuleFor(r => r.TeamId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a team id (a UUID) or empty.");
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>Workers by start date, optionally of one team or status, or only those ready for clients.</summary>
internal sealed class ListWorkersHandler(WorkforceDbContext db)
{
    public async Task<C.ListWorkersResponse> HandleAsync(C.ListWorkersRequest request, CancellationToken cancellationToken)
    {
        var query = db.PeerWorkers.AsNoTracking();
        if (request.TeamId.Length > 0)
        {
            var teamId = Guid.Parse(request.TeamId);
            query = query.Where(w => w.TeamId == teamId);
        }

        if (request.Status != C.EmploymentStatus.Unspecified)
        {
            var status = (EmploymentStatus)request.Status;
            query = query.Where(w => w.Status == status);
        }

        if (request.ReadyOnly)
        {
            query = query.Where(w => w.TrainingComplete);
        }

        var (workers, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: false, cancellationToken, w => w.StartDate, w => w.Id);
        var response = new C.ListWorkersResponse { NextPageToken = next };
        response.Workers.AddRange(workers.Select(w => w.ToContract()));
        return response;
    }
}
