using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Workers;

internal sealed class ListSupervisedWorkersValidator : AbstractValidator<C.ListSupervisedWorkersRequest>
{
    public ListSupervisedWorkersValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>Workers known from Workforce, with the agreement in force today: what the trust needs to arrange supervision.</summary>
internal sealed class ListSupervisedWorkersHandler(SupervisionDbContext db, TimeProvider clock)
{
    public async Task<C.ListSupervisedWorkersResponse> HandleAsync(C.ListSupervisedWorkersRequest request, CancellationToken cancellationToken)
    {
        var today = Compliance.LocalDate(clock.GetUtcNow());
        var query = db.Workers.AsNoTracking()
            .Where(w => w.StartedOn != null)
            .Select(w => new
            {
                Worker = w,
                Current = db.Agreements.Where(a => a.WorkerId == w.Id && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today)).FirstOrDefault(),
            });
        if (request.WithoutAgreement)
        {
            query = query.Where(x => x.Current == null && (x.Worker.LeftOn == null || x.Worker.LeftOn >= today));
        }

        var (rows, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: false, cancellationToken, x => x.Worker.StartedOn ?? DateOnly.MaxValue, x => x.Worker.Id);
        var response = new C.ListSupervisedWorkersResponse { NextPageToken = next };
        response.Workers.AddRange(rows.Select(x => new C.SupervisedWorker
        {
            WorkerId = x.Worker.Id.ToString(),
            TeamId = x.Worker.TeamId?.ToString() ?? "",
            StartedOn = x.Worker.StartedOn.ToIsoDate(),
            LeftOn = x.Worker.LeftOn.ToIsoDate(),
            CurrentAgreementId = x.Current?.Id.ToString() ?? "",
            CurrentOrganisationId = x.Current?.OrganisationId ?? "",
        }));
        return response;
    }
}
