using Microsoft.AspNetCore.Http;

namespace PeerPlatform.Security;

/// <summary>Who is calling, from the validated access token of the current request.</summary>
public sealed class Caller(IHttpContextAccessor accessor)
{
    private System.Security.Claims.ClaimsPrincipal? User => accessor.HttpContext?.User;

    public bool IsAuthenticated => User?.Identity?.IsAuthenticated ?? false;

    /// <summary>
    /// The OAuth client id (the application, acting for a person or for itself); "anonymous" for a
    /// request without a token, "system" outside any request (a scheduled job of the service itself).
    /// </summary>
    public string ClientId => accessor.HttpContext is null ? "system"
        : User?.FindFirst(PeerClaims.ClientId)?.Value ?? User?.FindFirst(PeerClaims.Subject)?.Value ?? "anonymous";

    /// <summary>
    /// The person the call is made by (Identity's id for them), when a person signed in or a
    /// system exchanged a token for one (RFC 8693); null for a system acting for itself, whose
    /// token's subject is the client.
    /// </summary>
    public string? PersonId => User?.FindFirst(PeerClaims.PersonRole) is not null ? User.FindFirst(PeerClaims.Subject)?.Value : null;

    /// <summary>What kind of person (<see cref="PersonRoles"/>); null for a system.</summary>
    public string? PersonRole => User?.FindFirst(PeerClaims.PersonRole)?.Value;

    /// <summary>A signed-in peer worker's id in Workforce; null for anyone else.</summary>
    public Guid? WorkerId => Guid.TryParse(User?.FindFirst(PeerClaims.WorkerId)?.Value, out var id) ? id : null;

    public string Role => User?.FindFirst(PeerClaims.Role)?.Value ?? "none";

    /// <summary>The partner organisation a partner token belongs to; null for other roles.</summary>
    public string? PartnerOrganisation => User?.FindFirst(PeerClaims.PartnerOrganisation)?.Value;

    /// <summary>Who acted, as a record's "by" field keeps it: the client application, and the person when one signed in.</summary>
    public string Actor => PersonId is { } person ? $"{ClientId} for person {person}" : ClientId;

    public bool IsInRole(string role) => User?.IsInRole(role) ?? false;
}
