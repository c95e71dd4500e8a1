using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Figures;

internal sealed class GetWorkerComplianceValidator : AbstractValidator<C.GetWorkerComplianceRequest>
{
    public GetWorkerComplianceValidator() => RuleFor(r => r.WorkerId).RecordId("a worker");
}

internal sealed class ListOverdueWorkersValidator : AbstractValidator<C.ListOverdueWorkersRequest>
{
    public ListOverdueWorkersValidator() => RuleFor(r => r.OrganisationId).MaximumLength(100);
}

internal sealed class GetComplianceRatesValidator : AbstractValidator<C.GetComplianceRatesRequest>
{
    public GetComplianceRatesValidator()
    {
        RuleFor(r => r.FromMonth).OptionalMonth();
        RuleFor(r => r.ToMonth).OptionalMonth();
        RuleFor(r => r).Must(r => !ValidationRules.TryParseMonth(r.FromMonth, out var from) || !ValidationRules.TryParseMonth(r.ToMonth, out var to)
                                  || (from <= to && MonthsBetween(from, to) < ComplianceFigures.MaxMonths))
            .WithName("to_month").WithMessage($"Must not be before from_month, and the range at most {ComplianceFigures.MaxMonths} months.");
        RuleFor(r => r.OrganisationId).MaximumLength(100);
    }

    private static int MonthsBetween(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;
}

/// <summary>An agreement and its worker's last held session under it.</summary>
internal sealed record AgreementStanding(Agreement Agreement, DateTimeOffset? LastHeldAt)
{
    public WorkerCompliance ComplianceOn(DateOnly day) => Compliance.For(
        Agreement.Terms,
        LastHeldAt is { } at ? [new HeldSession(Agreement.OrganisationId, at, [Agreement.WorkerId])] : [],
        day);
}

/// <summary>
/// Compliance figures for the trust, its operators and (for their own workers) partner
/// organisations. Figures only: no notes, no names.
/// </summary>
internal sealed class ComplianceFigures(SupervisionDbContext db, PartnerScope scope, TimeProvider clock)
{
    public const int MaxMonths = 36;

    /// <summary>
    /// Each agreement with its worker's last held session by the agreement's organisation, found in
    /// the database (one correlated aggregate, not every session).
    /// </summary>
    public static Task<List<AgreementStanding>> StandingsAsync(SupervisionDbContext db, IQueryable<Agreement> agreements, CancellationToken cancellationToken) =>
        agreements
            .Select(a => new AgreementStanding(
                a,
                db.Sessions
                    .Where(s => s.Status == SessionStatus.Held && s.PartnerOrganisationId == a.OrganisationId && s.AttendeeWorkerIds.Contains(a.WorkerId))
                    .Max(s => (DateTimeOffset?)s.ScheduledFor)))
            .ToListAsync(cancellationToken);

    public static IQueryable<Agreement> ActiveOn(IQueryable<Agreement> agreements, DateOnly day) =>
        agreements.Where(a => a.StartsOn <= day && (a.EndsOn == null || a.EndsOn >= day));

    public async Task<C.WorkerCompliance> ForWorkerAsync(C.GetWorkerComplianceRequest request, CancellationToken cancellationToken)
    {
        var today = Today;
        var workerId = Guid.Parse(request.WorkerId);
        var standing = (await StandingsAsync(db, ActiveOn(scope.Agreements.AsNoTracking(), today).Where(a => a.WorkerId == workerId), cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException("Agreement in force for worker", request.WorkerId);
        return standing.ComplianceOn(today).ToContract(standing.Agreement, today);
    }

    public async Task<C.ListOverdueWorkersResponse> OverdueAsync(C.ListOverdueWorkersRequest request, CancellationToken cancellationToken)
    {
        var today = Today;
        var agreements = ActiveOn(scope.Agreements.AsNoTracking(), today);
        if (scope.OrganisationFilter(request.OrganisationId) is { } organisation)
        {
            agreements = agreements.Where(a => a.OrganisationId == organisation);
        }

        var overdue = (await StandingsAsync(db, agreements, cancellationToken))
            .Select(s => (s.Agreement, Compliance: s.ComplianceOn(today)))
            .Where(x => x.Compliance.Overdue)
            .OrderBy(x => x.Compliance.DueBy)
            .ThenBy(x => x.Agreement.WorkerId);
        var response = new C.ListOverdueWorkersResponse { AsOf = today.ToIsoDate() };
        response.Workers.AddRange(overdue.Select(x => x.Compliance.ToContract(x.Agreement, today)));
        return response;
    }

    /// <summary>Per organisation and month: agreements active at the month's end and how many were not overdue.</summary>
    public async Task<C.GetComplianceRatesResponse> RatesAsync(C.GetComplianceRatesRequest request, CancellationToken cancellationToken)
    {
        var today = Today;
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var to = ValidationRules.TryParseMonth(request.ToMonth, out var t) ? t : thisMonth;
        var from = ValidationRules.TryParseMonth(request.FromMonth, out var f) ? f : to.AddMonths(-11);
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

    private DateOnly Today => Compliance.LocalDate(clock.GetUtcNow());
}
