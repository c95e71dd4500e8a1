using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerPlatform.Identity.People;
using PeerPlatform.Identity.SignIn;

namespace PeerPlatform.Identity.Pages.Account;

/// <summary>
/// Sets up a second factor: the page shows a secret key for an authenticator app (TOTP, 30-second
/// six-digit codes) and turns the factor on once a code from the app checks out. Reached by a
/// signed-in person who wants one, or by an administrator who gave their password but may not
/// finish signing in without one (the enrolment cookie, ten minutes).
/// </summary>
public sealed class EnrolAuthenticatorModel(UserManager<Person> people, SignInManager<Person> signIn, ILogger<EnrolAuthenticatorModel> logger) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter the 6-digit code your authenticator app shows.")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "The code is 6 digits.")]
    [Display(Name = "Code from your authenticator app")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string SharedKey { get; private set; } = "";

    public string AuthenticatorUri { get; private set; } = "";

    public bool Required { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var person = await PersonAsync();
        if (person is null)
        {
            return RedirectToPage("Login", new { ReturnUrl });
        }

        await LoadKeyAsync(person);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var person = await PersonAsync();
        if (person is null)
        {
            return RedirectToPage("Login", new { ReturnUrl });
        }

        var code = Code?.Replace(" ", "", StringComparison.Ordinal).Trim() ?? "";
        if (ModelState.IsValid && !await people.VerifyTwoFactorTokenAsync(person, people.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Log.SecondFactorFailed(logger, person.Id);
            ModelState.AddModelError(nameof(Code), "That code does not match. Check the key was entered correctly and enter the code your app shows now.");
        }

        if (!ModelState.IsValid)
        {
            await LoadKeyAsync(person);
            return Page();
        }

        await people.SetTwoFactorEnabledAsync(person, true);
        await HttpContext.SignOutAsync(PersonSignIn.EnrolmentScheme);
        await signIn.SignInAsync(person, isPersistent: false, authenticationMethod: "mfa");
        Log.SignedIn(logger, person.Id);
        return LocalRedirect(LoginModel.SafeReturnUrl(Url, ReturnUrl));
    }

    private async Task<Person?> PersonAsync()
    {
        var pending = await HttpContext.AuthenticateAsync(PersonSignIn.EnrolmentScheme);
        if (pending.Succeeded && pending.Principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } id)
        {
            Required = true;
            return await people.FindByIdAsync(id);
        }

        var signedIn = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return signedIn.Succeeded ? await people.GetUserAsync(signedIn.Principal) : null;
    }

    private async Task LoadKeyAsync(Person person)
    {
        var key = await people.GetAuthenticatorKeyAsync(person);
        if (string.IsNullOrEmpty(key))
        {
            await people.ResetAuthenticatorKeyAsync(person);
            key = await people.GetAuthenticatorKeyAsync(person) ?? "";
        }

        SharedKey = string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
        AuthenticatorUri = $"otpauth://totp/PeerPlatform:{Uri.EscapeDataString(person.Email ?? person.Id)}?secret={key}&issuer=PeerPlatform&digits=6";
    }
}
