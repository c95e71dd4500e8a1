using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Consents;

/// <summary>
/// The consent-first step of a referral as a Consent (id = the referral's): proposed once
/// information was given, active when the client consented, rejected when they declined,
/// inactive once consent was withdrawn. Who gave the information, when and how travel in the
/// information-given extension.
/// </summary>
internal static class ConsentMapping
{
    public static Consent? ToFhir(C.Referral referral)
    {
        if (referral.InformationGivenOn.Length == 0 && !referral.HasConsentGiven)
        {
            return null; // nothing recorded yet
        }

        var consent = new Consent
        {
            Id = referral.ReferralId,
            Status = !referral.HasConsentGiven ? Consent.ConsentState.Proposed
                : !referral.ConsentGiven ? Consent.ConsentState.Rejected
                : referral.ConsentWithdrawnAt is not null ? Consent.ConsentState.Inactive
                : Consent.ConsentState.Active,
            Scope = new CodeableConcept(FhirSystems.ConsentScope, "treatment", "Treatment", null),
            Category = { new CodeableConcept(FhirSystems.Loinc, "59284-0", "Patient Consent", null) },
            Patient = References.To("Patient", referral.ClientId),
            DateTime = referral.ConsentRecordedAt?.ToDateTimeOffset().ToString("o"),
            Policy = { new Consent.PolicyComponent { Uri = FhirSystems.ConsentPolicy } },
            Provision = new Consent.provisionComponent
            {
                Type = !referral.HasConsentGiven ? null : referral.ConsentGiven ? Consent.ConsentProvisionType.Permit : Consent.ConsentProvisionType.Deny,
                Data = { new Consent.provisionDataComponent { Meaning = Consent.ConsentDataMeaning.Related, Reference = References.To("ServiceRequest", referral.ReferralId) } },
            },
        };
        if (referral.ConsentWithdrawnAt is { } withdrawn)
        {
            consent.Provision.Period = new Period { End = withdrawn.ToDateTimeOffset().ToString("o") };
        }

        if (referral.InformationGivenOn.Length > 0)
        {
            consent.Extension.Add(new Extension
            {
                Url = FhirSystems.InformationGiven,
                Extension =
                {
                    new Extension("by", new FhirString(referral.InformationGivenBy)),
                    new Extension("on", new Date(referral.InformationGivenOn)),
                    new Extension("method", new Code(referral.InformationMethod.ToString().ToLowerInvariant())),
                },
            });
        }

        if (referral.HasConsentGiven && !referral.ConsentGiven && referral.History.LastOrDefault(h => h.ToStatus == C.ReferralStatus.Declined) is { Reason.Length: > 0 } declined)
        {
            consent.Extension.Add(new Extension(FhirSystems.DeclineReason, new FhirString(declined.Reason)));
        }

        return consent;
    }
}
