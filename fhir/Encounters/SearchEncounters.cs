using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;
using O = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Fhir.Encounters;

/// <summary>
/// GET /Encounter?patient=Patient/{id}: the patient's contacts and hospital spells;
/// GET /Encounter?episode-of-care=EpisodeOfCare/{id} (or based-on=ServiceRequest/{id}): one
/// engagement's contacts (ReferralService.ListContacts, OutcomesDataService.ListHospitalSpells;
/// each listing audited there).
/// </summary>
internal static class SearchEncounters
{
    public static readonly string[] Parameters = ["patient", "episode-of-care", "based-on"];

    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/Encounter", async (
        HttpContext context, C.ReferralService.ReferralServiceClient referrals, O.OutcomesDataService.OutcomesDataServiceClient outcomes, FhirAddresses addresses) =>
    {
        var query = context.Request.Query;
        if (query.Keys.FirstOrDefault(k => !Parameters.Contains(k) && k != "_format") is { } unsupported)
        {
            return FhirErrors.BadValue(unsupported, $"Encounters are searched by {string.Join(", ", Parameters)}; not by '{unsupported}'.");
        }

        var patient = References.IdOf(query["patient"].ToString(), "Patient") ?? NonEmpty(query["patient"].ToString());
        var engagement = References.IdOf(query["episode-of-care"].ToString(), "EpisodeOfCare") ?? References.IdOf(query["based-on"].ToString(), "ServiceRequest");
        if ((patient is null) == (engagement is null))
        {
            return FhirErrors.BadValue("patient", "Search by patient=Patient/{id}, or by episode-of-care=EpisodeOfCare/{id}: one of the two.");
        }

        try
        {
            var contacts = await referrals.ListContactsAsync(new C.ListContactsRequest { ClientId = patient ?? "", ReferralId = engagement ?? "" }, cancellationToken: context.RequestAborted);
            var matches = contacts.Contacts.Select(EncounterMapping.FromContact).ToList();
            if (patient is not null)
            {
                var spells = await outcomes.ListHospitalSpellsAsync(new O.ListHospitalSpellsRequest { ClientId = patient }, cancellationToken: context.RequestAborted);
                matches.AddRange(spells.Spells.Select(s => EncounterMapping.FromSpell(s)));
            }

            return FhirJson.Write(addresses.SearchSet(context, "Encounter", matches, null, matches.Count));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("Encounter", ("client_id", "patient"), ("referral_id", "episode-of-care")));
        }
    });

    private static string? NonEmpty(string value) => value.Length > 0 ? value : null;
}
