using Grpc.Core;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Patients;

/// <summary>GET /Patient/{id}: the client (ReferralService.GetClient, audited there as a read).</summary>
internal static class ReadPatient
{
    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/Patient/{id}", HandleAsync);

    private static async Task<IResult> HandleAsync(string id, C.ReferralService.ReferralServiceClient referrals, CancellationToken cancellationToken)
    {
        try
        {
            var client = await referrals.GetClientAsync(new C.GetClientRequest { ClientId = id }, cancellationToken: cancellationToken);
            return FhirJson.Write(PatientMapping.ToFhir(client));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("Patient", ("client_id", "Patient.id")));
        }
    }
}
