using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal.Pages.Compliance;

/// <summary>Compliance at a glance: who is overdue, the monthly rate as a chart and a table, and the supervision report as CSV.</summary>
[Authorize(Policy = PortalPolicies.Supervisor)]
public sealed class IndexModel(C.SupervisionService.SupervisionServiceClient supervision, IHttpClientFactory clients) : PortalPage
{
    public IReadOnlyList<C.WorkerCompliance> Overdue { get; private set; } = [];

    public IReadOnlyList<C.MonthlyComplianceRate> Rates { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => CallAsync(async () =>
    {
        Overdue = (await supervision.ListOverdueWorkersAsync(new C.ListOverdueWorkersRequest(), cancellationToken: HttpContext.RequestAborted)).Workers;
        Rates = (await supervision.GetComplianceRatesAsync(new C.GetComplianceRatesRequest(), cancellationToken: HttpContext.RequestAborted)).Rates
            .OrderBy(r => r.Month, StringComparer.Ordinal).ToList();
        return Page();
    });

    /// <summary>The organisation's supervision report from Outcomes, as the API gives it (the last 12 months).</summary>
    public async Task<IActionResult> OnGetReportAsync()
    {
        try
        {
            using var response = await clients.CreateClient("gateway").GetAsync("/api/outcomes/reports/supervision.csv", HttpContext.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                return StatusCode((int)response.StatusCode is 401 or 403 ? 403 : 503);
            }

            var csv = await response.Content.ReadAsByteArrayAsync(HttpContext.RequestAborted);
            return File(csv, "text/csv", "supervision-report.csv");
        }
        catch (SignInRequiredException)
        {
            return Challenge();
        }
    }
}
