using System.Net;
using System.Text.Json;

namespace PeerPlatform.TestSupport;

/// <summary>
/// The development clients (services/Identity/appsettings.Development.json), which a throwaway
/// suite knows: the end-to-end tests and the benchmark ask for their tokens.
/// </summary>
public static class DevelopmentClients
{
    public static readonly ClientCredentials Integrator = new("trust-integrator", "dev-integrator-secret-change-me");

    public static readonly ClientCredentials PartnerA = new("partner-mind-north", "dev-partner-a-secret-change-me");

    public static readonly ClientCredentials PartnerB = new("partner-carers-east", "dev-partner-b-secret-change-me");

    public static readonly ClientCredentials Operator = new("platform-operator", "dev-operator-secret-change-me");

    public static readonly ClientCredentials Admin = new("platform-admin", "dev-admin-secret-change-me");
}

/// <summary>A client that authenticates with a secret, and its token request.</summary>
public sealed record ClientCredentials(string ClientId, string Secret)
{
    /// <summary>The client-credentials grant at <c>/connect/token</c> of <paramref name="gateway"/>'s base address.</summary>
    public async Task<TokenAnswer> RequestTokenAsync(HttpClient gateway, CancellationToken cancellationToken = default)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_secret"] = Secret,
        });
        using var response = await gateway.PostAsync("/connect/token", form, cancellationToken);
        return new TokenAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}

/// <summary>What the token endpoint answered.</summary>
public sealed record TokenAnswer(HttpStatusCode Status, string Body)
{
    public bool Succeeded => (int)Status is >= 200 and <= 299;

    /// <summary>The access token of a successful answer.</summary>
    public string AccessToken
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.GetProperty("access_token").GetString()!;
        }
    }
}
