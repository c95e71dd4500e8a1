using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal.Pages.Workers;

/// <summary>The organisation's workers: each active supervision agreement, with the worker's compliance today.</summary>
[Authorize(Policy = PortalPolicies.Supervisor)]
public sealed class IndexModel(C.SupervisionService.SupervisionServiceClient supervision) : PortalPage
{
    public IReadOnlyList<(C.Agreement Agreement, C.WorkerCompliance? Compliance)> Workers { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => CallAsync(async () =>
    {
        var agreements = (await supervision.ListAgreementsAsync(new C.ListAgreementsRequest { ActiveOnly = true, PageSize = 100 }, cancellationToken: HttpContext.RequestAborted)).Agreements;
        var workers = new List<(C.Agreement, C.WorkerCompliance?)>();
        foreach (var agreement in agreements)
        {
            var compliance = await supervision.GetWorkerComplianceAsync(new C.GetWorkerComplianceRequest { WorkerId = agreement.WorkerId }, cancellationToken: HttpContext.RequestAborted);
            workers.Add((agreement, compliance));
        }

        Workers = workers;
        return Page();
    });
}
