using Grpc.Core;
using Hl7.Fhir.Model;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Http;

/// <summary>
/// ServiceRequest, Task, Consent and EpisodeOfCare are views of one referral, with its id: a read
/// is ReferralService.GetReferral (audited there as a read of the referral) and the view, or 404
/// when the referral has not reached that resource yet (no Consent before information was given).
/// </summary>
internal static class ReferralViews
{
    public static void MapRead(IEndpointRouteBuilder fhir, string resourceType, Func<C.Referral, Resource?> view) =>
        fhir.MapGet($"/{resourceType}/{{id}}", async (string id, C.ReferralService.ReferralServiceClient referrals, CancellationToken cancellationToken) =>
        {
            try
            {
                var referral = await referrals.GetReferralAsync(new C.GetReferralRequest { ReferralId = id }, cancellationToken: cancellationToken);
                return view(referral) is { } resource ? FhirJson.Write(resource) : FhirErrors.NotFound(resourceType, id);
            }
            catch (RpcException exception)
            {
                return FhirErrors.FromRpc(exception, new FieldMap(resourceType, ("referral_id", resourceType + ".id")));
            }
        });
}
