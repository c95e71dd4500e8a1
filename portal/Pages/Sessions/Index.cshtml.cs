using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal.Pages.Sessions;

/// <summary>
/// Supervision sessions, newest first: a supervisor sees their organisation's; a peer worker sees
/// the ones they were in (Supervision decides which), and the actions from them still open.
/// </summary>
[Authorize(Policy = PortalPolicies.SessionReader)]
public sealed class IndexModel(C.SupervisionService.SupervisionServiceClient supervision) : PortalPage
{
    public IReadOnlyList<C.Session> Sessions { get; private set; } = [];

    public IReadOnlyList<(C.Session Session, C.SessionAction Action)> OpenActions { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? PageToken { get; set; }

    public string NextPageToken { get; private set; } = "";

    public Task<IActionResult> OnGetAsync() => CallAsync(async () =>
    {
        var response = await supervision.ListSessionsAsync(new C.ListSessionsRequest { PageSize = 50, PageToken = PageToken ?? "" }, cancellationToken: HttpContext.RequestAborted);
        Sessions = response.Sessions;
        NextPageToken = response.NextPageToken;
        OpenActions = Sessions.SelectMany(s => s.Actions.Where(a => a.CompletedOn.Length == 0).Select(a => (s, a))).OrderBy(x => x.a.DueOn, StringComparer.Ordinal).ToList();
        return Page();
    });
}
