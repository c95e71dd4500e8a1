using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal.Pages.Sessions;

/// <summary>Schedules a session (a past time records one after the fact) with one of the organisation's supervisors.</summary>
[Authorize(Policy = PortalPolicies.Supervisor)]
public sealed class ScheduleModel(C.SupervisionService.SupervisionServiceClient supervision) : PortalPage
{
    protected override IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>
    {
        ["scheduled_for"] = nameof(Date),
        ["kind"] = nameof(Group),
    };

    [BindProperty]
    [Required(ErrorMessage = "Choose the supervisor.")]
    public string? SupervisorId { get; set; }

    [BindProperty]
    public bool Group { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter the date of the session.")]
    public DateOnly? Date { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter the time the session starts.")]
    public TimeOnly? Time { get; set; }

    [BindProperty]
    [Range(10, 480, ErrorMessage = "A session lasts between 10 and 480 minutes.")]
    public int DurationMinutes { get; set; } = 60;

    [BindProperty]
    public List<string> WorkerIds { get; set; } = [];

    public IReadOnlyList<C.Supervisor> Supervisors { get; private set; } = [];

    public IReadOnlyList<C.Agreement> Agreements { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => CallAsync(LoadAsync);

    public Task<IActionResult> OnPostAsync() => SubmitAsync(
        async () =>
        {
            if (WorkerIds.Count == 0)
            {
                ModelState.AddModelError(nameof(WorkerIds), "Choose at least one worker.");
            }

            if (!ModelState.IsValid)
            {
                return await LoadAsync();
            }

            var request = new C.ScheduleSessionRequest
            {
                SupervisorId = SupervisorId,
                Kind = Group ? C.SessionKind.Group : C.SessionKind.Individual,
                ScheduledFor = Display.Instant(Date, Time),
                DurationMinutes = DurationMinutes,
            };
            request.WorkerIds.AddRange(WorkerIds);
            var session = await supervision.ScheduleSessionAsync(request, cancellationToken: HttpContext.RequestAborted);
            return RedirectToPage("/Sessions/Details", new { sessionId = session.SessionId });
        },
        LoadAsync);

    private async Task<IActionResult> LoadAsync()
    {
        Supervisors = (await supervision.ListSupervisorsAsync(new C.ListSupervisorsRequest { PageSize = 200 }, cancellationToken: HttpContext.RequestAborted)).Supervisors.Where(s => s.Active).ToList();
        Agreements = (await supervision.ListAgreementsAsync(new C.ListAgreementsRequest { ActiveOnly = true, PageSize = 200 }, cancellationToken: HttpContext.RequestAborted)).Agreements;
        return Page();
    }
}
