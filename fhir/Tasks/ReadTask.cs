using Grpc.Core;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Tasks;

/// <summary>GET /Task/{id}: the referral's journey (ReferralService.GetReferral, audited there). A Task's id is its referral's.</summary>
internal static class ReadTask
{
    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/Task/{id}", async (string id, C.ReferralService.ReferralServiceClient referrals, CancellationToken cancellationToken) =>
    {
        try
        {
            return FhirJson.Write(TaskMapping.ToFhir(await referrals.GetReferralAsync(new C.GetReferralRequest { ReferralId = id }, cancellationToken: cancellationToken)));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("Task", ("referral_id", "Task.id")));
        }
    });
}
