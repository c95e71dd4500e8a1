using PeerPlatform.Fhir.Http;

namespace PeerPlatform.Fhir.Tasks;

/// <summary>GET /Task/{id}: the referral's journey. A Task's id is its referral's.</summary>
internal static class ReadTask
{
    public static void Map(IEndpointRouteBuilder fhir) => ReferralViews.MapRead(fhir, "Task", TaskMapping.ToFhir);
}
