using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal.Pages.Concerns;

/// <summary>Concerns the organisation has raised, and a form to raise one about a worker, with its urgency.</summary>
[Authorize(Policy = PortalPolicies.Supervisor)]
public sealed class IndexModel(C.SupervisionService.SupervisionServiceClient supervision) : PortalPage
{
    public IReadOnlyList<C.Concern> Concerns { get; private set; } = [];

    public IReadOnlyList<C.Agreement> Agreements { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Choose the worker the concern is about.")]
    public string? WorkerId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? SessionId { get; set; }

    [BindProperty]
    public C.ConcernCategory Category { get; set; }

    [BindProperty]
    public C.ConcernUrgency Urgency { get; set; }

    [BindProperty]
    [StringLength(10_000, ErrorMessage = "Notes can be up to 10,000 characters.")]
    public string? Notes { get; set; }

    public Task<IActionResult> OnGetAsync() => CallAsync(LoadAsync);

    public Task<IActionResult> OnPostAsync() => SubmitAsync(
        async () =>
        {
            if (!ModelState.IsValid)
            {
                return await LoadAsync();
            }

            await supervision.RaiseConcernAsync(
                new C.RaiseConcernRequest { WorkerId = WorkerId, SessionId = SessionId ?? "", Category = Category, Urgency = Urgency, Notes = Notes ?? "" },
                cancellationToken: HttpContext.RequestAborted);
            TempData["Status"] = "The concern is raised; the trust has been told.";
            return RedirectToPage();
        },
        LoadAsync);

    private async Task<IActionResult> LoadAsync()
    {
        Concerns = (await supervision.ListConcernsAsync(new C.ListConcernsRequest { PageSize = 50 }, cancellationToken: HttpContext.RequestAborted)).Concerns;
        Agreements = (await supervision.ListAgreementsAsync(new C.ListAgreementsRequest { ActiveOnly = true, PageSize = 200 }, cancellationToken: HttpContext.RequestAborted)).Agreements;
        StatusMessage = TempData["Status"] as string;
        return Page();
    }
}
