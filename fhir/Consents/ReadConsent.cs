using PeerPlatform.Fhir.Http;

namespace PeerPlatform.Fhir.Consents;

/// <summary>GET /Consent/{id}: the referral's consent decision; 404 before information was given.</summary>
internal static class ReadConsent
{
    public static void Map(IEndpointRouteBuilder fhir) => ReferralViews.MapRead(fhir, "Consent", ConsentMapping.ToFhir);
}
