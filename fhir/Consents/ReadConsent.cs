using Grpc.Core;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Consents;

/// <summary>GET /Consent/{id}: the referral's consent decision (ReferralService.GetReferral, audited there); 404 before information was given.</summary>
internal static class ReadConsent
{
    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/Consent/{id}", async (string id, C.ReferralService.ReferralServiceClient referrals, CancellationToken cancellationToken) =>
    {
        try
        {
            var referral = await referrals.GetReferralAsync(new C.GetReferralRequest { ReferralId = id }, cancellationToken: cancellationToken);
            return ConsentMapping.ToFhir(referral) is { } consent ? FhirJson.Write(consent) : FhirErrors.NotFound("Consent", id);
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("Consent", ("referral_id", "Consent.id")));
        }
    });
}
