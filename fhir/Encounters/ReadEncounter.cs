using Grpc.Core;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;
using O = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Fhir.Encounters;

/// <summary>
/// GET /Encounter/{id}: a hospital spell ("spell-…", OutcomesDataService.GetHospitalSpell) or a
/// peer support contact without its notes (ReferralService.GetContact); audited there.
/// </summary>
internal static class ReadEncounter
{
    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/Encounter/{id}", async (
        string id, C.ReferralService.ReferralServiceClient referrals, O.OutcomesDataService.OutcomesDataServiceClient outcomes, CancellationToken cancellationToken) =>
    {
        try
        {
            return id.StartsWith(EncounterMapping.SpellPrefix, StringComparison.Ordinal)
                ? FhirJson.Write(EncounterMapping.FromSpell(await outcomes.GetHospitalSpellAsync(new O.GetHospitalSpellRequest { SpellId = id[EncounterMapping.SpellPrefix.Length..] }, cancellationToken: cancellationToken)))
                : FhirJson.Write(EncounterMapping.FromContact(await referrals.GetContactAsync(new C.GetContactRequest { ContactId = id }, cancellationToken: cancellationToken)));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("Encounter", ("contact_id", "Encounter.id"), ("spell_id", "Encounter.id")));
        }
    });
}
