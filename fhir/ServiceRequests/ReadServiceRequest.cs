using Grpc.Core;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.ServiceRequests;

/// <summary>GET /ServiceRequest/{id}: the referral (ReferralService.GetReferral, audited there).</summary>
internal static class ReadServiceRequest
{
    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/ServiceRequest/{id}", async (string id, C.ReferralService.ReferralServiceClient referrals, CancellationToken cancellationToken) =>
    {
        try
        {
            return FhirJson.Write(ServiceRequestMapping.ToFhir(await referrals.GetReferralAsync(new C.GetReferralRequest { ReferralId = id }, cancellationToken: cancellationToken)));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("ServiceRequest", ("referral_id", "ServiceRequest.id")));
        }
    });
}
