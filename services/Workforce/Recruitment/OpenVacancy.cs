using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class OpenVacancyValidator : AbstractValidator<C.OpenVacancyRequest>
{
    public OpenVacancyValidator()
    {
        RuleFor(r => r.TeamId).RecordId("a team");
        RuleFor(r => r.ContractedHours).GreaterThan(0).LessThanOrEqualTo(48);
        RuleFor(r => r.ClosingDate).IsoDate();
    }
}

/// <summary>A peer support worker post in an existing team, open until its closing date.</summary>
internal sealed class OpenVacancyHandler(WorkforceDbContext db, TimeProvider clock)
{
    public async Task<C.Vacancy> HandleAsync(C.OpenVacancyRequest request, CancellationToken cancellationToken)
    {
        var teamId = Guid.Parse(request.TeamId);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            throw new NotFoundException("Team", request.TeamId);
        }

        var closingDate = IsoDates.ParseIsoDate(request.ClosingDate);
        if (closingDate < TrustCalendar.LocalDate(clock.GetUtcNow()))
        {
            throw new DomainRuleViolationException("The closing date has already passed.");
        }

        var vacancy = Vacancy.Open(teamId, (decimal)request.ContractedHours, closingDate, clock.GetUtcNow());
        db.Vacancies.Add(vacancy);
        await db.SaveChangesAsync(cancellationToken);
        return vacancy.ToContract();
    }
}
