using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using PeerPlatform.Identity.Data;
using PeerPlatform.Identity.People;

namespace PeerPlatform.Identity.SignIn;

/// <summary>
/// People sign in at Identity's own pages (Pages/Account) with ASP.NET Core Identity: passwords
/// hashed with PBKDF2 (HMAC-SHA512, 100,000 iterations), at least 12 characters and no composition
/// rules (NCSC guidance); five wrong passwords lock the account for 15 minutes; a second factor
/// (TOTP, RFC 6238) any person may add and administrators must have before they finish signing in.
/// The sign-in cookie lasts "Identity:SignInLifetime" (default 8 hours, the longest a refresh
/// token can outlive it) and is checked against the person's security stamp every minute, so a
/// reset password or a deactivation ends it.
/// </summary>
internal static class PersonSignIn
{
    /// <summary>Holds a person who gave their password but must first set up a second factor.</summary>
    public const string EnrolmentScheme = "PeerPlatform.Enrolment";

    public static WebApplicationBuilder AddPersonSignIn(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Identity");
        var development = builder.Environment.IsDevelopment();
        // "__Host-" cookies must be Secure; the local run is plain HTTP on loopback.
        string CookieName(string name) => development ? name : "__Host-" + name;
        var secure = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(options =>
            {
                options.Cookie.Name = CookieName("peer-identity");
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = secure;
                options.LoginPath = "/account/login";
                options.LogoutPath = "/account/sign-out";
                options.AccessDeniedPath = "/account/login";
                options.ExpireTimeSpan = settings.GetValue("SignInLifetime", TimeSpan.FromHours(8));
                options.SlidingExpiration = false;
            }));
        builder.Services.AddAuthentication().AddCookie(EnrolmentScheme, options =>
        {
            options.Cookie.Name = CookieName("peer-enrolment");
            options.Cookie.SecurePolicy = secure;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            options.LoginPath = "/account/login";
        });
        builder.Services.ConfigureExternalCookie(options =>
        {
            options.Cookie.Name = CookieName("peer-external");
            options.Cookie.SecurePolicy = secure;
        });
        builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.Name = CookieName("peer-second-factor");
            options.Cookie.SecurePolicy = secure;
        });
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        builder.Services.AddIdentityCore<Person>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = settings.GetValue("LockoutDuration", TimeSpan.FromMinutes(15));
                options.Lockout.AllowedForNewUsers = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<IdentityDbContext>()
            .AddDefaultTokenProviders();
        builder.Services.Configure<PasswordHasherOptions>(options => options.IterationCount = 100_000);

        // The keys that protect the cookies and forms, in the database: every replica reads the
        // same ones and a restart signs no one out.
        builder.Services.AddDataProtection()
            .SetApplicationName("PeerPlatform.Identity")
            .PersistKeysToDbContext<IdentityDbContext>();

        builder.AddFederation();
        builder.Services.AddRazorPages();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = CookieName("peer-identity-antiforgery");
            options.Cookie.SecurePolicy = secure;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddPeopleApi();
        return builder;
    }
}
