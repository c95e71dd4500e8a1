namespace PeerPlatform.Security;

/// <summary>
/// Security events (refused token requests at Identity, refusals at the gateway) are logged under
/// one category, so operators find them with one query wherever the logs go (the Aspire
/// dashboard's structured logs, an OTLP backend): docs/security.md#security-events. They carry ids,
/// addresses and outcomes only: never a token, a secret or personal data.
/// </summary>
public static class SecurityEvents
{
    public const string Category = "PeerPlatform.Security";
}
