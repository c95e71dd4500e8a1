using Microsoft.AspNetCore.Mvc;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal.Pages;

/// <summary>The start page: for a supervisor, who is overdue and what is coming up; a worker goes to their sessions.</summary>
public sealed class IndexModel(C.SupervisionService.SupervisionServiceClient supervision) : PortalPage
{
    public IReadOnlyList<C.WorkerCompliance> Overdue { get; private set; } = [];

    public IReadOnlyList<C.Session> Upcoming { get; private set; } = [];

    public Task<IActionResult> OnGetAsync()
    {
        if (User.IsWorker())
        {
            return Task.FromResult<IActionResult>(RedirectToPage("/Sessions/Index"));
        }

        if (!User.IsSupervisor())
        {
            return Task.FromResult<IActionResult>(Page());
        }

        return CallAsync(async () =>
        {
            Overdue = (await supervision.ListOverdueWorkersAsync(new C.ListOverdueWorkersRequest(), cancellationToken: HttpContext.RequestAborted)).Workers;
            Upcoming = (await supervision.ListSessionsAsync(new C.ListSessionsRequest { Status = C.SessionStatus.Scheduled, PageSize = 10 }, cancellationToken: HttpContext.RequestAborted)).Sessions;
            return Page();
        });
    }
}
