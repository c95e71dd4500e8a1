using PeerPlatform.Security;

namespace PeerPlatform.Identity.Clients;

/// <summary>
/// An OAuth client as configured under "Identity:Clients". Secrets come from configuration
/// (environment, secret store); only the development file in this repository holds any, and
/// those are for local runs.
/// </summary>
public sealed class ClientDefinition
{
    public string ClientId { get; set; } = "";

    public string? DisplayName { get; set; }

    /// <summary>Client secret (client_secret_post or client_secret_basic).</summary>
    public string? Secret { get; set; }

    /// <summary>A PEM public key for private_key_jwt client assertions instead of a secret.</summary>
    public string? PublicKeyPem { get; set; }

    public string Role { get; set; } = "";

    /// <summary>
    /// An application people sign in to (the partner portal): authorization code with PKCE and
    /// refresh tokens instead of client credentials. Its tokens carry the person's role, so it has none.
    /// </summary>
    public bool SignsInPeople { get; set; }

    /// <summary>
    /// May exchange a person's token it was issued (from signing them in) for an API token naming
    /// the person as subject and itself as actor (RFC 8693): a trust system acting for a clinician.
    /// </summary>
    public bool ActsForPeople { get; set; }

    /// <summary>Where the authorization code may be sent; relative addresses are resolved against the issuer.</summary>
    public string[] RedirectUris { get; set; } = [];

    /// <summary>Where a person may be sent after signing out; relative addresses are resolved against the issuer.</summary>
    public string[] PostLogoutRedirectUris { get; set; } = [];

    /// <summary>Required for partner clients: the organisation whose records they may see.</summary>
    public string? PartnerOrganisation { get; set; }

    /// <summary>Scopes the client may ask for; defaults to its role's scopes.</summary>
    public string[] Scopes { get; set; } = [];

    /// <summary>Access token lifetime for this client; the server default when unset.</summary>
    public TimeSpan? AccessTokenLifetime { get; set; }

    public static IReadOnlyDictionary<string, string[]> DefaultScopesByRole { get; } = new Dictionary<string, string[]>
    {
        [PeerRoles.Integrator] = ["referrals", "workforce", "outcomes"],
        [PeerRoles.Partner] = ["supervision"],
        [PeerRoles.Operator] = ["outcomes", "operations"],
        [PeerRoles.Admin] = ["admin", "audit"],
        [PeerRoles.Worker] = ["supervision"],
    };

    public static IReadOnlyList<string> AllScopes { get; } = DefaultScopesByRole.Values.SelectMany(s => s).Distinct().ToList();

    /// <summary>What is wrong with this definition, or nothing.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return "ClientId is required";
        }

        if (SignsInPeople)
        {
            if (Role.Length > 0 || PartnerOrganisation is { Length: > 0 })
            {
                yield return $"{ClientId}: an application people sign in to has no Role or PartnerOrganisation of its own (its tokens carry the person's)";
            }

            if (RedirectUris.Length == 0)
            {
                yield return $"{ClientId}: an application people sign in to needs RedirectUris";
            }
        }
        else if (ActsForPeople)
        {
            yield return $"{ClientId}: only an application people sign in to (SignsInPeople) can act for them";
        }
        else if (!PeerRoles.Systems.Contains(Role))
        {
            yield return $"{ClientId}: Role must be one of {string.Join(", ", PeerRoles.Systems)}";
        }
        else if (RedirectUris.Length > 0)
        {
            yield return $"{ClientId}: RedirectUris are for applications people sign in to (SignsInPeople)";
        }

        if (Role == PeerRoles.Partner && string.IsNullOrWhiteSpace(PartnerOrganisation))
        {
            yield return $"{ClientId}: a partner client needs PartnerOrganisation";
        }

        if (Role != PeerRoles.Partner && !string.IsNullOrWhiteSpace(PartnerOrganisation))
        {
            yield return $"{ClientId}: only partner clients belong to a partner organisation";
        }

        if (string.IsNullOrEmpty(Secret) == string.IsNullOrEmpty(PublicKeyPem))
        {
            yield return $"{ClientId}: give either Secret or PublicKeyPem (confidential clients only)";
        }

        if (Secret is { Length: > 0 and < 16 })
        {
            yield return $"{ClientId}: Secret must have at least 16 characters";
        }

        foreach (var scope in Scopes.Except(AllScopes))
        {
            yield return $"{ClientId}: unknown scope '{scope}'";
        }
    }
}
