using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Encounters;

/// <summary>GET /Encounter/{id}: a peer support contact, without its notes (ReferralService.GetContact, audited there).</summary>
internal static class ReadEncounter
{
    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/Encounter/{id}", async (string id, C.ReferralService.ReferralServiceClient referrals, CancellationToken cancellationToken) =>
    {
        try
        {
            return FhirJson.Write(ToFhir(await referrals.GetContactAsync(new C.GetContactRequest { ContactId = id }, cancellationToken: cancellationToken)));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("Encounter", ("contact_id", "Encounter.id")));
        }
    });

    internal static Encounter ToFhir(C.Contact contact)
    {
        var start = contact.ContactAt.ToDateTimeOffset();
        var encounter = new Encounter
        {
            Id = contact.ContactId,
            Status = Encounter.EncounterStatus.Finished,
            // Face to face and group sessions are ambulatory; phone and video virtual.
            Class = contact.Mode is C.ContactMode.Phone or C.ContactMode.Video
                ? new Coding(FhirSystems.ActCode, "VR", "virtual")
                : new Coding(FhirSystems.ActCode, "AMB", "ambulatory"),
            Type = { new CodeableConcept(FhirSystems.ContactMode, ModeCode(contact.Mode)) },
            ServiceType = new CodeableConcept { Coding = [ServiceRequests.ServiceRequestMapping.PeerSupport] },
            Subject = References.To("Patient", contact.ClientId),
            EpisodeOfCare = { References.To("EpisodeOfCare", contact.ReferralId) },
            BasedOn = { References.To("ServiceRequest", contact.ReferralId) },
            Period = new Period { Start = start.ToString("o"), End = start.AddMinutes(contact.DurationMinutes).ToString("o") },
            Length = new Duration { Value = contact.DurationMinutes, Unit = "min", System = FhirSystems.Ucum, Code = "min" },
        };
        if (contact.WorkerId.Length > 0)
        {
            encounter.Participant.Add(new Encounter.ParticipantComponent { Individual = References.To("Practitioner", contact.WorkerId) });
        }

        return encounter;
    }

    private static string ModeCode(C.ContactMode mode) => mode switch
    {
        C.ContactMode.FaceToFace => "face-to-face",
        C.ContactMode.Phone => "phone",
        C.ContactMode.Video => "video",
        C.ContactMode.Group => "group",
        _ => "unknown",
    };
}
