using Microsoft.AspNetCore.Http;

namespace PeerPlatform.Security;

/// <summary>Who is calling, from the validated access token of the current request.</summary>
public sealed class Caller(IHttpContextAccessor accessor)
{
    private System.Security.Claims.ClaimsPrincipal? User => accessor.HttpContext?.User;

    public bool IsAuthenticated => User?.Identity?.IsAuthenticated ?? false;

    /// <summary>The OAuth client id; "anonymous" without a token.</summary>
    public string ClientId => User?.FindFirst(PeerClaims.ClientId)?.Value ?? User?.FindFirst(PeerClaims.Subject)?.Value ?? "anonymous";

    public string Role => User?.FindFirst(PeerClaims.Role)?.Value ?? "none";

    /// <summary>The partner organisation a partner token belongs to; null for other roles.</summary>
    public string? PartnerOrganisation => User?.FindFirst(PeerClaims.PartnerOrganisation)?.Value;

    public bool IsInRole(string role) => User?.IsInRole(role) ?? false;
}
