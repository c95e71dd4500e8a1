using Google.Api;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>The supervision report as CSV: one section per organisation and month.</summary>
internal sealed class ExportSupervisionReportHandler(GetSupervisionReportHandler report)
{
    public async Task<HttpBody> HandleAsync(C.GetSupervisionReportRequest request, CancellationToken cancellationToken) =>
        ToCsv(await report.HandleAsync(request, cancellationToken));

    public static HttpBody ToCsv(C.SupervisionReport report)
    {
        var csv = new CsvWriter();
        foreach (var month in report.Months)
        {
            var section = month.OrganisationId + " " + month.Month;
            csv.Count(section, "agreements", month.Agreements);
            csv.Count(section, "compliant", month.Compliant);
            csv.Rate(section, "compliance", month.Compliance);
            csv.Count(section, "sessions_held", month.SessionsHeld);
        }

        return csv.ToHttpBody();
    }
}
