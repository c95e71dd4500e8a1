using System.Security.Cryptography;
using System.Text;

namespace PeerPlatform.EndToEndTests.Integrations;

/// <summary>
/// Checks a webhook-signature header the way the Standard Webhooks specification defines it,
/// written here independently of the service: HMAC-SHA256 keyed with the secret's base64 bytes,
/// over "{webhook-id}.{webhook-timestamp}.{body}", in any of the header's space-separated "v1," entries.
/// </summary>
internal static class WebhookSignatures
{
    public static bool SignedWith(string secret, ReceivedWebhook webhook)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhook.Id}.{webhook.Timestamp}.{webhook.Body}")));
        return webhook.Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(signature => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected)));
    }
}
