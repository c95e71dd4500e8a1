using Google.Api;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>The programme report as CSV, with the same figures and suppression as the report itself.</summary>
internal sealed class ExportProgrammeReportHandler(GetProgrammeReportHandler report)
{
    public async Task<HttpBody> HandleAsync(C.GetProgrammeReportRequest request, CancellationToken cancellationToken) =>
        ToCsv(await report.HandleAsync(request, cancellationToken));

    /// <summary>The report as CSV: one row per figure, suppressed figures marked.</summary>
    public static HttpBody ToCsv(C.ProgrammeReport report)
    {
        var csv = new CsvWriter();
        csv.Row("period", "from", report.From);
        csv.Row("period", "to", report.To);
        csv.Row("period", "team_id", report.TeamId);
        csv.Count("referrals", "received", report.Referrals);
        foreach (var source in report.ReferralsBySource)
        {
            csv.Count("referrals_by_source", source.Source, source.Referrals);
        }

        csv.Rate("journey", "consent_rate", report.ConsentRate);
        csv.Rate("journey", "acceptance_rate", report.AcceptanceRate);
        csv.Figure("journey", "median_days_to_first_contact", report.MedianDaysComputable ? report.MedianDaysToFirstContact : null, report.FirstContactWithinTarget?.Denominator?.Suppressed == true);
        csv.Rate("journey", "first_contact_within_target", report.FirstContactWithinTarget);
        csv.Count("engagements", "active", report.ActiveEngagements);
        csv.Rate("engagements", "caseload_use", report.CaseloadUse);
        csv.Rate("supervision", "compliance", report.SupervisionCompliance);
        var beds = report.BedDays ?? new C.BedDayFigures();
        csv.Figure("bed_days", "window_months", beds.WindowMonths);
        csv.Count("bed_days", "engagements", beds.Engagements);
        csv.Count("bed_days", "before", beds.BedDaysBefore);
        csv.Count("bed_days", "after", beds.BedDaysAfter);
        var derived = beds.DerivedWithheld;
        csv.Rate("bed_days", "reduction", beds.Reduction, derived);
        csv.Figure("bed_days", "saved", derived ? null : beds.BedDaysSaved, derived);
        csv.Figure("bed_days", "savings_" + beds.Currency, derived ? null : beds.Savings, derived);
        csv.Figure("bed_days", "mean_before", derived || beds.Engagements?.Value is not > 0 ? null : beds.MeanBedDaysBefore, derived);
        csv.Figure("bed_days", "mean_after", derived || beds.Engagements?.Value is not > 0 ? null : beds.MeanBedDaysAfter, derived);
        csv.Figure("bed_days", "unit_cost", beds.UnitCost);
        csv.Row("bed_days", "unit_cost_source", beds.UnitCostSource);
        csv.Figure("bed_days", "unit_cost_price_year", beds.UnitCostPriceYear);
        csv.Count("bed_days", "clients_admitted_before", beds.ClientsAdmittedBefore);
        csv.Count("bed_days", "clients_admitted_after", beds.ClientsAdmittedAfter);
        csv.Count("bed_days", "admissions_before", beds.AdmissionsBefore);
        csv.Count("bed_days", "admissions_after", beds.AdmissionsAfter);
        csv.Rate("bed_days", "admissions_reduction", beds.AdmissionsReduction);
        csv.Row("bed_days", "caveat", beds.Caveat);
        csv.Difference("relationship_peer_minus_other", report.RelationshipPeerMinusOther);
        csv.Difference("worker_wellbeing_change", report.WorkerWellbeingChange);
        csv.Difference("worker_self_esteem_change", report.WorkerSelfEsteemChange);
        return csv.ToHttpBody();
    }
}
