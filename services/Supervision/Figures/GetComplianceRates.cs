using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Figures;

internal sealed class GetComplianceRatesValidator : AbstractValidator<C.GetComplianceRatesRequest>
{
    public const int MaxMonths = 36;

    public GetComplianceRatesValidator(TimeProvider clock)
    {
        RuleFor(r => r.FromMonth).OptionalMonth();
        RuleFor(r => r.ToMonth).OptionalMonth();
        RuleFor(r => r).Must(r => !IsoDates.TryParseMonth(r.FromMonth, out var from) || !IsoDates.TryParseMonth(r.ToMonth, out var to)
                                  || (from <= to && MonthsBetween(from, to) < MaxMonths))
            .WithName("to_month").WithMessage($"Must not be before from_month, and the range at most {MaxMonths} months.");
        // With one bound given the other defaults, and the range it makes has the same cap.
        RuleFor(r => r.FromMonth)
            .Must((r, from) => ReportMonths.Count(ReportMonths.Resolve(from, r.ToMonth, ReportMonths.ThisMonth(clock.GetUtcNow()))) <= MaxMonths)
            .When(r => r.ToMonth.Length == 0 && IsoDates.TryParseMonth(r.FromMonth, out _))
            .WithMessage($"Must be at most {MaxMonths} months before to_month, which defaults to this month.");
        RuleFor(r => r.OrganisationId).MaximumLength(100);
    }

    private static int MonthsBetween(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;
}

/// <summary>Per organisation and month: agreements active at the month's end and how many were not overdue.</summary>
internal sealed class GetComplianceRatesHandler(SupervisionDbContext db, PartnerScope scope, TimeProvider clock)
{
    public async Task<C.GetComplianceRatesResponse> HandleAsync(C.GetComplianceRatesRequest request, CancellationToken cancellationToken)
    {
        var today = Compliance.LocalDate(clock.GetUtcNow());
        var thisMonth = ReportMonths.ThisMonth(clock.GetUtcNow());
        var (from, to) = ReportMonths.Resolve(request.FromMonth, request.ToMonth, thisMonth);
        if (to > thisMonth)
        {
            to = thisMonth; // months still to come have no figures
        }

        var rangeEnd = to.AddMonths(1).AddDays(-1);
        var agreementsQuery = scope.Agreements.AsNoTracking().Where(a => a.StartsOn <= rangeEnd && (a.EndsOn == null || a.EndsOn >= from));
        if (scope.OrganisationFilter(request.OrganisationId) is { } organisation)
        {
            agreementsQuery = agreementsQuery.Where(a => a.OrganisationId == organisation);
        }

        var agreements = await agreementsQuery.ToListAsync(cancellationToken);
        var organisations = agreements.Select(a => a.OrganisationId).Distinct().ToList();
        var before = Compliance.StartOfLocalDay(rangeEnd.AddDays(1));
        var held = await db.Sessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Held && organisations.Contains(s.PartnerOrganisationId) && s.ScheduledFor < before)
            .Select(s => new HeldSession(s.PartnerOrganisationId, s.ScheduledFor, s.AttendeeWorkerIds))
            .ToListAsync(cancellationToken);

        var response = new C.GetComplianceRatesResponse();
        foreach (var byOrganisation in agreements.GroupBy(a => a.OrganisationId).OrderBy(g => g.Key))
        {
            var terms = byOrganisation.Select(a => a.Terms).ToList();
            for (var month = from; month <= to; month = month.AddMonths(1))
            {
                var (active, compliant) = Compliance.MonthlyCounts(terms, held, month.Year, month.Month, today);
                response.Rates.Add(new C.MonthlyComplianceRate
                {
                    OrganisationId = byOrganisation.Key,
                    Month = month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    ActiveAgreements = active,
                    Compliant = compliant,
                    Rate = active == 0 ? 0 : Math.Round((double)compliant / active, 4),
                });
            }
        }

        return response;
    }
}
