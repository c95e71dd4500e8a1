namespace PeerPlatform.Fhir.Http;

/// <summary>The URIs the facade's resources name: national ones, FHIR's own, and PeerPlatform's (docs/fhir.md).</summary>
internal static class FhirSystems
{
    /// <summary>England's NHS number, as UK Core names it.</summary>
    public const string NhsNumber = "https://fhir.nhs.uk/Id/nhs-number";

    /// <summary>PeerPlatform's canonical base: its code systems, extensions and questionnaires live under it.</summary>
    public const string Base = "https://fhir.peerplatform.org.uk";

    public const string ReferralStatus = Base + "/CodeSystem/referral-status";
    public const string ReferralSource = Base + "/CodeSystem/referral-source";
    public const string Service = Base + "/CodeSystem/service";
    public const string ContactMode = Base + "/CodeSystem/contact-mode";
    public const string EndReason = Base + "/CodeSystem/end-reason";
    public const string OrganisationKind = Base + "/CodeSystem/organisation-kind";
    public const string WorkerRole = Base + "/CodeSystem/worker-role";
    public const string ConsentPolicy = Base + "/policy/consent-first";

    /// <summary>Extensions for what R4 has no element for.</summary>
    public const string InformationGiven = Base + "/StructureDefinition/information-given";
    public const string DeclineReason = Base + "/StructureDefinition/decline-reason";
    public const string Occasion = Base + "/StructureDefinition/questionnaire-occasion";
    public const string About = Base + "/StructureDefinition/questionnaire-about";
    public const string Score = Base + "/StructureDefinition/questionnaire-score";
    public const string RawScore = Base + "/StructureDefinition/questionnaire-raw-score";

    public static string Questionnaire(string instrumentId) => Base + "/Questionnaire/" + instrumentId;

    // FHIR's and HL7's own.
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
    public const string ConsentAction = "http://terminology.hl7.org/CodeSystem/consentaction";
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string MinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
    public const string MaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
}
