using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PeerPlatform.Integrations.Webhooks;

/// <summary>
/// Subscription signing secrets: 32 random bytes shown once as "whsec_&lt;base64&gt;" (the form
/// Standard Webhooks libraries take), stored only protected by Data Protection.
/// </summary>
internal static class SigningSecrets
{
    private const string Purpose = "PeerPlatform.Integrations.WebhookSigningSecrets.v1";

    public static string New() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Protect(IDataProtectionProvider protection, string secret) =>
        protection.CreateProtector(Purpose).Protect(secret);

    public static IReadOnlyList<string> Unprotect(IDataProtectionProvider protection, IEnumerable<string> protectedSecrets)
    {
        var protector = protection.CreateProtector(Purpose);
        return [.. protectedSecrets.Select(protector.Unprotect)];
    }
}
