using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerPlatform.Identity.People;

namespace PeerPlatform.Identity.Pages.Account;

/// <summary>The second step for a person with a second factor: the six-digit code from their authenticator app.</summary>
public sealed class LoginWithCodeModel(SignInManager<Person> signIn, ILogger<LoginWithCodeModel> logger) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "The code is 6 digits.")]
    [Display(Name = "Code from your authenticator app")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("Login", new { ReturnUrl }) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var person = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (person is null)
        {
            return RedirectToPage("Login", new { ReturnUrl });
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code.Replace(" ", "", StringComparison.Ordinal).Trim(), isPersistent: false, rememberClient: false);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", "This account is locked after too many wrong codes. Try again in 15 minutes, or ask your organisation's administrator.");
            return Page();
        }

        if (!result.Succeeded)
        {
            Log.SecondFactorFailed(logger, person.Id);
            ModelState.AddModelError(nameof(Code), "The code is wrong or has expired. Enter the code your app shows now.");
            return Page();
        }

        Log.SignedIn(logger, person.Id);
        return LocalRedirect(LoginModel.SafeReturnUrl(Url, ReturnUrl));
    }
}
