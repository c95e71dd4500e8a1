using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class ListVacanciesValidator : AbstractValidator<C.ListVacanciesRequest>
{
    public ListVacanciesValidator()
    {
        RuleFor(r => r.TeamId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a team id (a UUID) or empty.");
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>Vacancies by closing date, optionally of one team or status.</summary>
internal sealed class ListVacanciesHandler(WorkforceDbContext db)
{
    public async Task<C.ListVacanciesResponse> HandleAsync(C.ListVacanciesRequest request, CancellationToken cancellationToken)
    {
        var query = db.Vacancies.AsNoTracking();
        if (request.TeamId.Length > 0)
        {
            var teamId = Guid.Parse(request.TeamId);
            query = query.Where(v => v.TeamId == teamId);
        }

        if (request.Status != C.VacancyStatus.Unspecified)
        {
            var status = (VacancyStatus)request.Status;
            query = query.Where(v => v.Status == status);
        }

        var (vacancies, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: false, cancellationToken, v => v.ClosingDate, v => v.Id);
        var response = new C.ListVacanciesResponse { NextPageToken = next };
        response.Vacancies.AddRange(vacancies.Select(v => v.ToContract()));
        return response;
    }
}
