using FluentValidation;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Grpc;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Reports;

internal sealed class GetProgrammeReportValidator : AbstractValidator<C.GetProgrammeReportRequest>
{
    public GetProgrammeReportValidator()
    {
        RuleFor(r => r.From).IsoDate().When(r => r.From.Length > 0);
        RuleFor(r => r.To).IsoDate().When(r => r.To.Length > 0);
        RuleFor(r => r.To).Must((r, to) => !IsoDates.TryParseIsoDate(r.From, out var from) || !IsoDates.TryParseIsoDate(to, out var end) || from <= end)
            .When(r => r.From.Length > 0 && r.To.Length > 0).WithMessage("Must not be before from.");
        RuleFor(r => r.TeamId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a team id (a UUID) or empty.");
    }
}

/// <summary>
/// The programme report for a period: referrals received in it, engagements that started in it,
/// the position at its end, bed days for engagements that started in it and whose after-window has
/// elapsed by today, and questionnaire change. With a team, only referrals matched to a worker in
/// that team count. Every figure is defined in docs/outcomes.md.
/// </summary>
internal sealed class GetProgrammeReportHandler(
    OutcomesDbContext db, ProgrammeFigures programmeFigures, IOptions<OutcomesOptions> options, IOptions<ProgrammeTargets> targets, Caller caller, TimeProvider clock)
{
    public async Task<C.ProgrammeReport> HandleAsync(C.GetProgrammeReportRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var targetDays = targets.Value.FirstContactTargetDays;
        var today = TrustCalendar.LocalDate(clock.GetUtcNow());
        var to = request.To.Length > 0 ? IsoDates.ParseIsoDate(request.To) : today;
        var from = request.From.Length > 0 ? IsoDates.ParseIsoDate(request.From) : to.AddYears(-1).AddDays(1);
        Guid? teamId = request.TeamId.Length > 0 ? Guid.Parse(request.TeamId) : null;
        // Operators run the platform and only ever see figures safe to publish.
        var forPublication = request.ForPublication || caller.IsInRole(PeerRoles.Operator);

        var workers = await db.Workers.AsNoTracking().ToListAsync(cancellationToken);
        var teamWorkers = workers.Where(w => teamId is null || w.TeamId == teamId).Select(w => w.WorkerId).ToHashSet();
        var employed = workers.Where(w => teamWorkers.Contains(w.WorkerId) && w.IsEmployedOn(to)).ToList();
        var counts = await programmeFigures.CountAsync(
            from, to, today, teamId is null ? null : [.. teamWorkers], [.. employed.Select(w => w.WorkerId)],
            settings.MirrorWindowMonths, targetDays, cancellationToken);
        var capacity = employed.Sum(w => w.Capacity);
        var (compliant, agreements) = await SupervisionComplianceAsync(teamWorkers, to, cancellationToken);
        var withheld = forPublication ? Disclosure(counts, capacity, compliant, agreements, settings.SuppressionThreshold).Withheld() : null;
        var figures = new Figures(forPublication, settings.SuppressionThreshold, withheld);
        var median = counts.MedianDaysToFirstContact;

        var report = new C.ProgrammeReport
        {
            From = from.ToIsoDate(),
            To = to.ToIsoDate(),
            TeamId = request.TeamId,
            ForPublication = forPublication,
            SuppressionThreshold = settings.SuppressionThreshold,
            Referrals = figures.Count(Cells.Received, counts.Received),
            ConsentRate = figures.Rate(Cells.Consented, counts.Consented, Cells.Informed, counts.Informed),
            AcceptanceRate = figures.Rate(Cells.Accepted, counts.ConsentedAndAccepted, Cells.Consented, counts.Consented),
            MedianDaysToFirstContact = (double)(median ?? 0),
            MedianDaysComputable = median is not null && !figures.Count(Cells.Started, counts.DaysToFirstContactCount).Suppressed,
            FirstContactWithinTarget = figures.Rate(Cells.OnTime, counts.FirstContactWithinTarget, Cells.Started, counts.DaysToFirstContactCount),
            FirstContactTargetDays = targetDays,
            ActiveEngagements = figures.Count(Cells.Active, counts.Active),
            CaseloadUse = figures.Rate(Cells.ActiveWithEmployedWorker, counts.ActiveWithEmployedWorker, Cells.Capacity, capacity),
            SupervisionCompliance = figures.Rate(Cells.Compliant, compliant, Cells.Agreements, agreements),
            BedDays = BedDayFigures(counts.BedDays, settings, figures),
            GeneratedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        };
        report.ReferralsBySource.AddRange(counts.ReceivedBySource.OrderBy(s => s.Source)
            .Select(s => new C.SourceFigure { Source = s.Source, Referrals = figures.Count(Cells.Source(s.Source), s.Referrals) }));

        // The clients of the referrals in scope, as a subquery: the ratings are filtered in the database.
        var clientsInScope = db.Referrals
            .Where(r => r.ClientId != null && (teamId == null || (r.WorkerId != null && teamWorkers.Contains(r.WorkerId.Value))))
            .Select(r => r.ClientId!.Value);
        report.RelationshipPeerMinusOther = figures.Difference(await RelationshipAsync(clientsInScope, from, to, cancellationToken));
        // Scores about a handful of workers are about identifiable staff: withheld in every report.
        report.WorkerWellbeingChange = figures.Difference(await ChangeFromBaselineAsync(Instruments.Swemwbs.Id, teamWorkers, from, to, cancellationToken), alwaysSuppressSmall: true);
        report.WorkerSelfEsteemChange = figures.Difference(await ChangeFromBaselineAsync(Instruments.Rosenberg.Id, teamWorkers, from, to, cancellationToken), alwaysSuppressSmall: true);
        return report;
    }

    /// <summary>The report's counts as cells, with the sums and differences a reader can take between them.</summary>
    internal static class Cells
    {
        public const string Received = "referrals";
        public const string Informed = "informed";
        public const string Consented = "consented";
        public const string Accepted = "accepted";
        public const string Started = "engagements_started";
        public const string OnTime = "first_contact_within_target";
        public const string Active = "active_engagements";
        public const string ActiveWithEmployedWorker = "active_with_employed_worker";
        public const string Capacity = "caseload_capacity";
        public const string Agreements = "supervision_agreements";
        public const string Compliant = "supervision_compliant";
        public const string MatureEngagements = "bed_days_engagements";
        public const string BedDaysBefore = "bed_days_before";
        public const string BedDaysAfter = "bed_days_after";
        public const string BedDaysSaved = "bed_days_saved";
        public const string ClientsAdmittedBefore = "clients_admitted_before";
        public const string ClientsAdmittedAfter = "clients_admitted_after";
        public const string AdmissionsBefore = "admissions_before";
        public const string AdmissionsAfter = "admissions_after";

        public static string Source(string source) => "source:" + source;
    }

    /// <summary>
    /// The report's counts and the sums between them, from which a report for publication decides
    /// what to withhold: small counts, and whatever would let a reader work one out from the
    /// report's own sums and differences (total = Σ sources, declined = informed − consented, ...).
    /// </summary>
    internal static DisclosureTable Disclosure(ProgrammeCounts counts, int capacity, int compliant, int agreements, int threshold)
    {
        var table = new DisclosureTable(threshold);
        var received = table.Count(Cells.Received, counts.Received);
        if (counts.ReceivedBySource.Count > 0)
        {
            table.Sum(received, [.. counts.ReceivedBySource.OrderBy(s => s.Source).Select(s => table.Count(Cells.Source(s.Source), s.Referrals))]);
        }

        var informed = table.Count(Cells.Informed, counts.Informed);
        table.Remainder("received_not_informed", received, informed);
        var consented = table.Count(Cells.Consented, counts.Consented);
        table.Remainder("informed_not_consented", informed, consented);
        table.Remainder("consented_not_accepted", consented, table.Count(Cells.Accepted, counts.ConsentedAndAccepted));
        var started = table.Count(Cells.Started, counts.DaysToFirstContactCount);
        table.Remainder("first_contact_late", started, table.Count(Cells.OnTime, counts.FirstContactWithinTarget));
        var active = table.Count(Cells.Active, counts.Active);
        table.Remainder("active_without_employed_worker", active, table.Count(Cells.ActiveWithEmployedWorker, counts.ActiveWithEmployedWorker));
        table.Count(Cells.Capacity, capacity, personCount: false);
        var agreementCell = table.Count(Cells.Agreements, agreements);
        table.Remainder("supervision_not_compliant", agreementCell, table.Count(Cells.Compliant, compliant));
        var beds = counts.BedDays;
        table.Count(Cells.MatureEngagements, beds.Engagements);
        var before = table.Count(Cells.BedDaysBefore, beds.BedDaysBefore);
        var after = table.Count(Cells.BedDaysAfter, beds.BedDaysAfter);
        table.Sum(before, after, table.Count(Cells.BedDaysSaved, beds.BedDaysSaved, personCount: false));
        table.Count(Cells.ClientsAdmittedBefore, beds.ClientsAdmittedBefore);
        table.Count(Cells.ClientsAdmittedAfter, beds.ClientsAdmittedAfter);
        table.Count(Cells.AdmissionsBefore, beds.AdmissionsBefore);
        table.Count(Cells.AdmissionsAfter, beds.AdmissionsAfter);
        return table;
    }

    /// <summary>Supervision agreements in force at <paramref name="asOf"/> for these workers, and how many were not overdue.</summary>
    private async Task<(int Compliant, int Agreements)> SupervisionComplianceAsync(HashSet<Guid> workers, DateOnly asOf, CancellationToken cancellationToken)
    {
        var agreements = (await db.SupervisionAgreements.AsNoTracking().Where(a => workers.Contains(a.WorkerId)).ToListAsync(cancellationToken))
            .Where(a => SupervisionStanding.IsInForce(a.StartsOn, a.EndsOn, asOf))
            .ToList();
        var sessions = await db.HeldSupervisionSessions.AsNoTracking().Where(s => s.HeldOn <= asOf).ToListAsync(cancellationToken);
        var compliant = agreements.Count(a => SupervisionStanding.IsCompliant(
            a.StartsOn!.Value,
            a.FrequencyDays,
            sessions.Where(s => s.OrganisationId == a.OrganisationId && s.WorkerIds.Contains(a.WorkerId)).Select(s => (DateOnly?)s.HeldOn).Max(),
            asOf));
        return (compliant, agreements.Count);
    }

    private static C.BedDayFigures BedDayFigures(MirrorImageTotals totals, OutcomesOptions settings, Figures figures)
    {
        var cost = settings.BedDayCost;
        var beforeCount = figures.Count(Cells.BedDaysBefore, totals.BedDaysBefore);
        var afterCount = figures.Count(Cells.BedDaysAfter, totals.BedDaysAfter);
        var engagements = figures.Count(Cells.MatureEngagements, totals.Engagements);
        // Saved, savings and the means give back the bed days they are built from.
        var hidden = beforeCount.Suppressed || afterCount.Suppressed || engagements.Suppressed || figures.Count(Cells.BedDaysSaved, totals.BedDaysSaved).Suppressed;
        var admissionsBefore = figures.Count(Cells.AdmissionsBefore, totals.AdmissionsBefore);
        var admissionsAfter = figures.Count(Cells.AdmissionsAfter, totals.AdmissionsAfter);
        return new C.BedDayFigures
        {
            WindowMonths = settings.MirrorWindowMonths,
            Engagements = engagements,
            DerivedWithheld = hidden,
            BedDaysBefore = beforeCount,
            BedDaysAfter = afterCount,
            Reduction = totals.Reduction is { } reduction && !hidden
                ? new C.Rate { Value = (double)reduction, Computable = true, Numerator = afterCount, Denominator = beforeCount }
                : new C.Rate { Numerator = afterCount, Denominator = beforeCount },
            BedDaysSaved = hidden ? 0 : totals.BedDaysSaved,
            Savings = hidden ? 0 : (double)(totals.BedDaysSaved * cost.Amount),
            Currency = cost.Currency,
            UnitCost = (double)cost.Amount,
            UnitCostSource = cost.Source,
            UnitCostPriceYear = cost.PriceYear,
            ClientsAdmittedBefore = figures.Count(Cells.ClientsAdmittedBefore, totals.ClientsAdmittedBefore),
            ClientsAdmittedAfter = figures.Count(Cells.ClientsAdmittedAfter, totals.ClientsAdmittedAfter),
            AdmissionsBefore = admissionsBefore,
            AdmissionsAfter = admissionsAfter,
            AdmissionsReduction = totals.AdmissionsReduction is { } admissionsReduction && !admissionsBefore.Suppressed && !admissionsAfter.Suppressed
                ? new C.Rate { Value = (double)admissionsReduction, Computable = true, Numerator = admissionsAfter, Denominator = admissionsBefore }
                : new C.Rate { Numerator = admissionsAfter, Denominator = admissionsBefore },
            MeanBedDaysBefore = hidden ? 0 : (double)(totals.MeanBedDaysBefore ?? 0),
            MeanBedDaysAfter = hidden ? 0 : (double)(totals.MeanBedDaysAfter ?? 0),
            Caveat = BedDays.Caveat,
        };
    }

    /// <summary>Per client, the latest rating about their peer worker against the latest about another worker, both completed in the period.</summary>
    private async Task<PairedDifference?> RelationshipAsync(IQueryable<Guid> clients, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var ratings = await db.QuestionnaireResponses.AsNoTracking()
            .Where(r => r.InstrumentId == Instruments.RelationshipQuality.Id && r.CompletedOn >= from && r.CompletedOn <= to && clients.Contains(r.SubjectId))
            .ToListAsync(cancellationToken);
        decimal? Latest(IEnumerable<StoredResponse> responses, string about) =>
            responses.Where(r => r.About == about).OrderBy(r => r.CompletedOn).ThenBy(r => r.ReceivedAt).LastOrDefault()?.Score;
        var pairs = ratings.GroupBy(r => r.SubjectId)
            .Select(g => (Other: Latest(g, Instruments.OtherWorker), Peer: Latest(g, Instruments.PeerWorker)))
            .Where(p => p.Other is not null && p.Peer is not null)
            .Select(p => (p.Other!.Value, p.Peer!.Value))
            .ToList();
        return Statistics.Paired(pairs);
    }

    /// <summary>Per worker, the baseline against the latest follow-up completed in the period.</summary>
    private async Task<PairedDifference?> ChangeFromBaselineAsync(string instrumentId, HashSet<Guid> workers, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var responses = await db.QuestionnaireResponses.AsNoTracking()
            .Where(r => r.InstrumentId == instrumentId && r.CompletedOn <= to && workers.Contains(r.SubjectId))
            .ToListAsync(cancellationToken);
        var pairs = responses.GroupBy(r => r.SubjectId)
            .Select(g => (
                Baseline: g.Where(r => r.Occasion == Occasion.Baseline).OrderBy(r => r.CompletedOn).FirstOrDefault()?.Score,
                FollowUp: g.Where(r => r.Occasion == Occasion.FollowUp && r.CompletedOn >= from).OrderBy(r => r.CompletedOn).LastOrDefault()?.Score))
            .Where(p => p.Baseline is not null && p.FollowUp is not null)
            .Select(p => (p.Baseline!.Value, p.FollowUp!.Value))
            .ToList();
        return Statistics.Paired(pairs);
    }
}
