using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal.Pages.Sessions;

/// <summary>
/// One session. A supervisor records it as held (attendance, themes, confidential notes, actions
/// with due dates), cancelled or missed, and completes its actions; a worker reads the sessions
/// they were in. A session of another organisation is not found, as the API says.
/// </summary>
[Authorize(Policy = PortalPolicies.SessionReader)]
public sealed class DetailsModel(C.SupervisionService.SupervisionServiceClient supervision, TimeProvider clock) : PortalPage
{
    public const int ActionRows = 3;

    /// <summary>From the address only: a form field of the same name cannot point a post at another session.</summary>
    public string SessionId => RouteData.Values["sessionId"] as string ?? "";

    public C.Session Session { get; private set; } = new();

    [BindProperty]
    public List<C.SupervisionTheme> Themes { get; set; } = [];

    [BindProperty]
    [StringLength(10_000, ErrorMessage = "Notes can be up to 10,000 characters.")]
    public string? ConfidentialNotes { get; set; }

    [BindProperty]
    public List<ActionRow> Actions { get; set; } = [.. Enumerable.Range(0, ActionRows).Select(_ => new ActionRow())];

    [BindProperty]
    public List<string> AbsentWorkerIds { get; set; } = [];

    [BindProperty]
    public string? Reason { get; set; }

    public Task<IActionResult> OnGetAsync() => CallAsync(LoadAsync);

    public Task<IActionResult> OnPostHeldAsync() => SupervisorSubmitAsync(async () =>
    {
        var request = new C.RecordSessionHeldRequest { SessionId = SessionId, ConfidentialNotes = ConfidentialNotes ?? "" };
        request.Themes.AddRange(Themes);
        request.AbsentWorkerIds.AddRange(AbsentWorkerIds);
        // Only rows the supervisor filled in; a half-filled row goes to the service, which says what is missing.
        request.Actions.AddRange(Actions.Where(a => !string.IsNullOrWhiteSpace(a.Description) || a.DueOn is not null)
            .Select(a => new C.NewSessionAction { Description = a.Description ?? "", DueOn = a.DueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "" }));
        await supervision.RecordSessionHeldAsync(request, cancellationToken: HttpContext.RequestAborted);
        TempData["Status"] = "The session is recorded as held.";
    });

    public Task<IActionResult> OnPostCancelAsync() => SupervisorSubmitAsync(async () =>
    {
        await supervision.CancelSessionAsync(new C.CancelSessionRequest { SessionId = SessionId, Reason = Reason ?? "" }, cancellationToken: HttpContext.RequestAborted);
        TempData["Status"] = "The session is cancelled.";
    });

    public Task<IActionResult> OnPostMissedAsync() => SupervisorSubmitAsync(async () =>
    {
        await supervision.RecordSessionMissedAsync(new C.RecordSessionMissedRequest { SessionId = SessionId }, cancellationToken: HttpContext.RequestAborted);
        TempData["Status"] = "The session is recorded as missed.";
    });

    public Task<IActionResult> OnPostCompleteActionAsync(string actionId) => SupervisorSubmitAsync(async () =>
    {
        var today = TrustCalendar.LocalDate(clock.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await supervision.CompleteSessionActionAsync(new C.CompleteSessionActionRequest { SessionId = SessionId, ActionId = actionId, CompletedOn = today }, cancellationToken: HttpContext.RequestAborted);
        TempData["Status"] = "The action is complete.";
    });

    private Task<IActionResult> SupervisorSubmitAsync(Func<Task> change)
    {
        if (!User.IsSupervisor())
        {
            return Task.FromResult<IActionResult>(Forbid());
        }

        return SubmitAsync(
            async () =>
            {
                if (!ModelState.IsValid)
                {
                    return await LoadAsync();
                }

                await change();
                return RedirectToPage(new { sessionId = SessionId });
            },
            LoadAsync);
    }

    private async Task<IActionResult> LoadAsync()
    {
        Session = await supervision.GetSessionAsync(new C.GetSessionRequest { SessionId = SessionId }, cancellationToken: HttpContext.RequestAborted);
        StatusMessage = TempData["Status"] as string;
        return Page();
    }

    public sealed class ActionRow
    {
        [StringLength(500, ErrorMessage = "An action can be up to 500 characters.")]
        public string? Description { get; set; }

        public DateOnly? DueOn { get; set; }
    }
}
