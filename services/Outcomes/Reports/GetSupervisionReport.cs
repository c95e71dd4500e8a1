using System.Globalization;
using FluentValidation;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Grpc;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Reports;

internal sealed class GetSupervisionReportValidator : AbstractValidator<C.GetSupervisionReportRequest>
{
    public GetSupervisionReportValidator(TimeProvider clock)
    {
        RuleFor(r => r.FromMonth).OptionalMonth();
        RuleFor(r => r.ToMonth).OptionalMonth();
        RuleFor(r => r.ToMonth)
            .Must((r, to) => !IsoDates.TryParseMonth(r.FromMonth, out var start) || !IsoDates.TryParseMonth(to, out var end)
                             || (start <= end && start.AddMonths(GetSupervisionReportHandler.MaxMonths) > end))
            .When(r => r.FromMonth.Length > 0 && r.ToMonth.Length > 0)
            .WithMessage($"Must not be before from_month, and the range at most {GetSupervisionReportHandler.MaxMonths} months.");
        // With one bound given the other defaults, and the range it makes has the same cap.
        RuleFor(r => r.FromMonth)
            .Must((r, from) => ReportMonths.Count(ReportMonths.Resolve(from, r.ToMonth, ReportMonths.ThisMonth(clock.GetUtcNow()))) <= GetSupervisionReportHandler.MaxMonths)
            .When(r => r.ToMonth.Length == 0 && IsoDates.TryParseMonth(r.FromMonth, out _))
            .WithMessage($"Must be at most {GetSupervisionReportHandler.MaxMonths} months before to_month, which defaults to this month.");
        RuleFor(r => r.OrganisationId).MaximumLength(100);
    }
}

/// <summary>
/// Supervision by organisation and month, from Supervision's events. A partner organisation sees
/// only its own rows, in full (its own figures for its own use are not a publication) unless it
/// asks for a report for publication; operators always get one.
/// </summary>
internal sealed class GetSupervisionReportHandler(OutcomesDbContext db, Caller caller, IOptions<OutcomesOptions> options, TimeProvider clock)
{
    public const int MaxMonths = 36;

    public async Task<C.SupervisionReport> HandleAsync(C.GetSupervisionReportRequest request, CancellationToken cancellationToken)
    {
        var partner = caller.IsInRole(PeerRoles.Partner);
        var organisation = partner
            ? caller.PartnerOrganisation ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "The token names no partner organisation."))
            : request.OrganisationId;
        var forPublication = request.ForPublication || caller.IsInRole(PeerRoles.Operator);
        var threshold = options.Value.SuppressionThreshold;
        var today = TrustCalendar.LocalDate(clock.GetUtcNow());
        var thisMonth = ReportMonths.ThisMonth(clock.GetUtcNow());
        var (from, to) = ReportMonths.Resolve(request.FromMonth, request.ToMonth, thisMonth);
        to = to > thisMonth ? thisMonth : to;

        var agreements = await db.SupervisionAgreements.AsNoTracking()
            .Where(a => a.StartsOn != null && (organisation.Length == 0 || a.OrganisationId == organisation))
            .ToListAsync(cancellationToken);
        var sessions = await db.HeldSupervisionSessions.AsNoTracking()
            .Where(s => organisation.Length == 0 || s.OrganisationId == organisation)
            .ToListAsync(cancellationToken);

        var report = new C.SupervisionReport { SuppressionThreshold = threshold, Suppressed = forPublication };
        foreach (var byOrganisation in agreements.GroupBy(a => a.OrganisationId).OrderBy(g => g.Key))
        {
            var own = sessions.Where(s => s.OrganisationId == byOrganisation.Key).ToList();
            for (var month = from; month <= to; month = month.AddMonths(1))
            {
                var monthEnd = month.AddMonths(1).AddDays(-1);
                var asOf = monthEnd < today ? monthEnd : today;
                var inForce = byOrganisation.Where(a => SupervisionStanding.IsInForce(a.StartsOn, a.EndsOn, asOf)).ToList();
                var compliant = inForce.Count(a => SupervisionStanding.IsCompliant(
                    a.StartsOn!.Value, a.FrequencyDays, own.Where(s => s.WorkerIds.Contains(a.WorkerId) && s.HeldOn <= asOf).Select(s => (DateOnly?)s.HeldOn).Max(), asOf));
                var figures = new Figures(forPublication, threshold, forPublication ? Withheld(inForce.Count, compliant, threshold) : null);
                report.Months.Add(new C.SupervisionMonth
                {
                    OrganisationId = byOrganisation.Key,
                    Month = month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    Agreements = figures.Count(AgreementsCell, inForce.Count),
                    Compliant = figures.Count(CompliantCell, compliant),
                    Compliance = figures.Rate(CompliantCell, compliant, AgreementsCell, inForce.Count),
                    SessionsHeld = figures.Count(own.Count(s => s.HeldOn >= month && s.HeldOn <= monthEnd)),
                });
            }
        }

        return report;
    }

    private const string AgreementsCell = "agreements";
    private const string CompliantCell = "compliant";

    /// <summary>A month's row for publication: agreements, compliant, and the not compliant they give by subtraction.</summary>
    internal static IReadOnlySet<string> Withheld(int agreements, int compliant, int threshold)
    {
        var table = new DisclosureTable(threshold);
        table.Remainder("not_compliant", table.Count(AgreementsCell, agreements), table.Count(CompliantCell, compliant));
        return table.Withheld();
    }
}
