using PeerPlatform.Fhir.Http;

namespace PeerPlatform.Fhir.ServiceRequests;

/// <summary>GET /ServiceRequest/{id}: the referral.</summary>
internal static class ReadServiceRequest
{
    public static void Map(IEndpointRouteBuilder fhir) => ReferralViews.MapRead(fhir, "ServiceRequest", ServiceRequestMapping.ToFhir);
}
