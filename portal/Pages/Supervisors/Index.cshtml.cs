using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal.Pages.Supervisors;

/// <summary>A partner administrator's list of the organisation's supervisors: add one, record training, deactivate.</summary>
[Authorize(Policy = PortalPolicies.PartnerAdministrator)]
public sealed class IndexModel(C.SupervisionService.SupervisionServiceClient supervision) : PortalPage
{
    protected override IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>
    {
        ["course"] = nameof(Course),
        ["completed_on"] = nameof(CompletedOn),
    };

    public IReadOnlyList<C.Supervisor> Supervisors { get; private set; } = [];

    [BindProperty]
    public string? GivenName { get; set; }

    [BindProperty]
    public string? FamilyName { get; set; }

    [BindProperty]
    public string? Course { get; set; }

    [BindProperty]
    public DateOnly? CompletedOn { get; set; }

    public Task<IActionResult> OnGetAsync() => CallAsync(LoadAsync);

    public Task<IActionResult> OnPostAddAsync() => SubmitAsync(
        async () =>
        {
            await supervision.AddSupervisorAsync(new C.AddSupervisorRequest { GivenName = GivenName ?? "", FamilyName = FamilyName ?? "" }, cancellationToken: HttpContext.RequestAborted);
            TempData["Status"] = "Supervisor added.";
            return RedirectToPage();
        },
        LoadAsync);

    public Task<IActionResult> OnPostTrainingAsync([Required] string supervisorId) => SubmitAsync(
        async () =>
        {
            await supervision.RecordSupervisorTrainingAsync(
                new C.RecordSupervisorTrainingRequest { SupervisorId = supervisorId, Course = Course ?? "", CompletedOn = CompletedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "" },
                cancellationToken: HttpContext.RequestAborted);
            TempData["Status"] = "Training recorded.";
            return RedirectToPage();
        },
        LoadAsync);

    public Task<IActionResult> OnPostDeactivateAsync([Required] string supervisorId) => SubmitAsync(
        async () =>
        {
            await supervision.DeactivateSupervisorAsync(new C.DeactivateSupervisorRequest { SupervisorId = supervisorId }, cancellationToken: HttpContext.RequestAborted);
            TempData["Status"] = "Supervisor deactivated.";
            return RedirectToPage();
        },
        LoadAsync);

    private async Task<IActionResult> LoadAsync()
    {
        Supervisors = (await supervision.ListSupervisorsAsync(new C.ListSupervisorsRequest { PageSize = 200 }, cancellationToken: HttpContext.RequestAborted)).Supervisors;
        StatusMessage = TempData["Status"] as string;
        return Page();
    }
}
