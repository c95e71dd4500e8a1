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
/// Signing in with the trust's own identity provider (<see cref="Federation"/>): POST sends the
/// person there; GET is where they come back. A first sign-in links the provider's subject to the
/// account with the same email; a person without an account, or not one of the trust's people,
/// is not signed in and is told why.
/// </summary>
public sealed class ExternalLoginModel(SignInManager<Person> signIn, UserManager<Person> people, IConfiguration configuration, ILogger<ExternalLoginModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public IActionResult OnPost(string provider)
    {
        if (Federation.Providers(configuration).All(p => p.Scheme != provider))
        {
            return RedirectToPage("Login", new { ReturnUrl });
        }

        var properties = signIn.ConfigureExternalAuthenticationProperties(provider, Url.Page("ExternalLogin", new { ReturnUrl }));
        return Challenge(properties, provider);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return RedirectToPage("Login", new { ReturnUrl });
        }

        var provider = Federation.Providers(configuration).Single(p => p.Scheme == info.LoginProvider);
        var person = await people.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        if (person is null && info.Principal.FindFirstValue(provider.EmailClaim) is { Length: > 0 } email)
        {
            person = await people.FindByEmailAsync(email);
            if (person is { IsActive: true } && !PersonRoles.BelongsToPartner(person.PersonRole))
            {
                await people.AddLoginAsync(person, info);
            }
        }

        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (person is null || !person.IsActive)
        {
            Log.FederatedRefused(logger, info.LoginProvider, "no account");
            Problem = $"You signed in with {provider.DisplayName}, but there is no PeerPlatform account for you. Ask the trust's PeerPlatform administrator to add one.";
            return Page();
        }

        if (PersonRoles.BelongsToPartner(person.PersonRole))
        {
            Log.FederatedRefused(logger, info.LoginProvider, "partner account");
            Problem = $"{provider.DisplayName} signs in the trust's own people. Sign in with your email address and password instead.";
            return Page();
        }

        if (await people.IsLockedOutAsync(person))
        {
            Problem = "This account is locked. Try again in 15 minutes, or ask your administrator.";
            return Page();
        }

        await signIn.SignInAsync(person, isPersistent: false, authenticationMethod: info.LoginProvider);
        Log.SignedIn(logger, person.Id);
        return LocalRedirect(LoginModel.SafeReturnUrl(Url, ReturnUrl));
    }
}
