using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerPlatform.Identity.People;
using PeerPlatform.Identity.SignIn;
using PeerPlatform.Security;

namespace PeerPlatform.Identity.Pages.Account;

/// <summary>
/// Email and password. Every wrong password counts towards the lockout; the message never says
/// whether the email exists. A person with a second factor goes on to enter a code; an
/// administrator without one goes on to set one up and is not signed in until they have.
/// </summary>
public sealed class LoginModel(SignInManager<Person> signIn, UserManager<Person> people, IConfiguration configuration, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.org.")]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The trust's own identity providers, offered beside the password (<see cref="Federation"/>).</summary>
    public IReadOnlyList<FederatedProvider> Providers { get; } = Federation.Providers(configuration);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var person = await people.FindByEmailAsync(Email);
        if (person is { IsActive: false })
        {
            ModelState.AddModelError("", "This account has been deactivated. Ask your organisation's administrator.");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            Log.LockedOut(logger, person?.Id ?? "unknown");
            ModelState.AddModelError("", "This account is locked after too many wrong passwords. Try again in 15 minutes, or ask your organisation's administrator to reset your password.");
            return Page();
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("LoginWithCode", new { ReturnUrl });
        }

        if (!result.Succeeded || person is null)
        {
            Log.Failed(logger, person?.Id ?? "unknown");
            ModelState.AddModelError(nameof(Password), "The email address or password is wrong.");
            return Page();
        }

        if (PersonRoles.RequiresSecondFactor(person.PersonRole) && !person.TwoFactorEnabled)
        {
            // Not signed in yet: only allowed to set up the second factor, for ten minutes.
            await signIn.SignOutAsync();
            var pending = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, person.Id)], PersonSignIn.EnrolmentScheme);
            await HttpContext.SignInAsync(PersonSignIn.EnrolmentScheme, new ClaimsPrincipal(pending));
            return RedirectToPage("EnrolAuthenticator", new { ReturnUrl });
        }

        Log.SignedIn(logger, person.Id);
        return LocalRedirect(SafeReturnUrl(Url, ReturnUrl));
    }

    /// <summary>Only addresses on this site (the authorize endpoint, normally); anything else goes to the start page.</summary>
    internal static string SafeReturnUrl(IUrlHelper url, string? returnUrl) =>
        returnUrl is { Length: > 0 } && url.IsLocalUrl(returnUrl) ? returnUrl : "/account/signed-in";
}

internal static partial class Log
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Person {PersonId} signed in")]
    public static partial void SignedIn(ILogger logger, string personId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Sign-in refused for person {PersonId}: wrong password")]
    public static partial void Failed(ILogger logger, string personId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Sign-in refused for person {PersonId}: locked out")]
    public static partial void LockedOut(ILogger logger, string personId);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Second factor refused for person {PersonId}")]
    public static partial void SecondFactorFailed(ILogger logger, string personId);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Federated sign-in through {Provider} refused: {Reason}")]
    public static partial void FederatedRefused(ILogger logger, string provider, string reason);
}
