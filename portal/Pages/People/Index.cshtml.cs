using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using PeerPlatform.Security;

namespace PeerPlatform.Portal.Pages.People;

/// <summary>
/// A partner administrator's portal users (Identity's people API, which holds them to their own
/// organisation): add a supervisor or administrator with a temporary password, set a new password
/// (which also ends a lockout), deactivate.
/// </summary>
[Authorize(Policy = PortalPolicies.PartnerAdministrator)]
public sealed class IndexModel(IHttpClientFactory clients) : PortalPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<PersonView> People { get; private set; } = [];

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string PersonRole { get; set; } = PersonRoles.PartnerSupervisor;

    [BindProperty]
    public string? TemporaryPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public Task<IActionResult> OnGetAsync() => CallAsync(LoadAsync);

    public Task<IActionResult> OnPostAddAsync() => SendAsync(HttpMethod.Post, "/api/identity/people", new
    {
        email = Email,
        displayName = DisplayName,
        personRole = PersonRole,
        partnerOrganisation = User.Organisation(),
        temporaryPassword = TemporaryPassword,
    }, "Portal user added. Give them their temporary password in person or by phone.");

    public Task<IActionResult> OnPostResetAsync(string personId) =>
        SendAsync(HttpMethod.Post, $"/api/identity/people/{Uri.EscapeDataString(personId)}/reset-password", new { newPassword = NewPassword }, "New password set; any lockout has ended.");

    public Task<IActionResult> OnPostDeactivateAsync(string personId) =>
        SendAsync(HttpMethod.Post, $"/api/identity/people/{Uri.EscapeDataString(personId)}/deactivate", new { }, "Portal user deactivated.");

    private Task<IActionResult> SendAsync(HttpMethod method, string path, object body, string done) => CallAsync(async () =>
    {
        using var response = await clients.CreateClient("gateway").SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) }, HttpContext.RequestAborted);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var error = await response.Content.ReadFromJsonAsync<JsonElement>(Json, HttpContext.RequestAborted);
            foreach (var violation in error.GetProperty("details")[0].GetProperty("fieldViolations").EnumerateArray())
            {
                ModelState.AddModelError(FormName(violation.GetProperty("field").GetString()!), violation.GetProperty("description").GetString()!);
            }

            return await LoadAsync();
        }

        if (!response.IsSuccessStatusCode)
        {
            return StatusCode(response.StatusCode == HttpStatusCode.NotFound ? 404 : 503);
        }

        TempData["Status"] = done;
        return RedirectToPage();
    });

    private async Task<IActionResult> LoadAsync()
    {
        var list = await clients.CreateClient("gateway").GetFromJsonAsync<PeopleList>("/api/identity/people", Json, HttpContext.RequestAborted);
        People = list?.People ?? [];
        StatusMessage = TempData["Status"] as string;
        return Page();
    }

    public sealed record PersonView(string PersonId, string Email, string DisplayName, string PersonRole, bool SecondFactorEnabled, bool LockedOut, bool Active);

    private sealed record PeopleList(List<PersonView> People);
}
