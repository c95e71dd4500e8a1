using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using PeerPlatform.Fhir.ServiceRequests;
using C = PeerPlatform.Contracts.Referral.V1;
using O = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Fhir.Encounters;

/// <summary>
/// Two kinds of Encounter: a peer support contact (id = the contact's) and a hospital spell
/// (id = "spell-" and the spell's, so a read knows which service holds it).
/// </summary>
internal static class EncounterMapping
{
    public const string SpellPrefix = "spell-";

    public static Encounter FromContact(C.Contact contact)
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
            ServiceType = new CodeableConcept { Coding = [ServiceRequestMapping.PeerSupport] },
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

    public static Encounter FromSpell(O.HospitalSpell spell, string? identifierSystem = null)
    {
        return new Encounter
        {
            Id = SpellPrefix + spell.SpellId,
            Identifier = { new Identifier(identifierSystem, spell.ProviderSpellId) },
            Status = spell.DischargedOn.Length > 0 ? Encounter.EncounterStatus.Finished : Encounter.EncounterStatus.InProgress,
            Class = new Coding(FhirSystems.ActCode, "IMP", "inpatient encounter"),
            Subject = References.To("Patient", spell.ClientId),
            Period = new Period { Start = spell.AdmittedOn, End = spell.DischargedOn.Length > 0 ? spell.DischargedOn : null },
        };
    }
}
