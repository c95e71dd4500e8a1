using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Consents;

/// <summary>
/// POST /Consent: records the client's decision on the referral named in provision.data
/// (ReferralService.RecordConsent), under the same consent-first rule: only after information
/// was given (422 otherwise). Permit (status active) is consent; deny (status rejected) a decline,
/// whose reason travels in the decline-reason extension.
/// </summary>
internal static class CreateConsent
{
    private static readonly FieldMap Fields = new("Consent", ("referral_id", "Consent.provision.data.reference"), ("decline_reason", "Consent.extension"));

    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapPost("/Consent", async (HttpContext context, C.ReferralService.ReferralServiceClient referrals, FhirAddresses addresses) =>
    {
        var (resource, refusal) = await FhirJson.ReadAsync<Consent>(context.Request);
        if (resource is null)
        {
            return refusal!;
        }

        var (request, problem) = ToRecordConsent(resource);
        if (request is null)
        {
            return problem!;
        }

        try
        {
            // The decision must be the referral's own client's.
            var before = await referrals.GetReferralAsync(new C.GetReferralRequest { ReferralId = request.ReferralId }, cancellationToken: context.RequestAborted);
            if (References.IdOf(resource.Patient, "Patient") != before.ClientId)
            {
                return FhirErrors.Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule, "patient is not the subject of the referral named in provision.data.", "Consent.patient");
            }

            var referral = await referrals.RecordConsentAsync(request, cancellationToken: context.RequestAborted);
            return FhirJson.Write(ConsentMapping.ToFhir(referral)!, StatusCodes.Status201Created, addresses.Of(context, "Consent", referral.ReferralId));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, Fields, missingReference: "Consent.provision.data.reference");
        }
    });

    internal static (C.RecordConsentRequest? Request, IResult? Refusal) ToRecordConsent(Consent consent)
    {
        if (consent.Status is not (Consent.ConsentState.Active or Consent.ConsentState.Rejected))
        {
            return (null, FhirErrors.Required("Consent.status", "status is required: 'active' for consent given, 'rejected' for a decline."));
        }

        if (consent.Patient is null)
        {
            return (null, FhirErrors.Required("Consent.patient", "patient is required."));
        }

        var referralId = consent.Provision?.Data.Select(d => References.IdOf(d.Reference, "ServiceRequest")).FirstOrDefault(id => id is not null);
        if (referralId is null)
        {
            return (null, FhirErrors.Required("Consent.provision.data.reference", "Name the referral: provision.data.reference = ServiceRequest/{id}."));
        }

        var given = consent.Status == Consent.ConsentState.Active;
        if (consent.Provision!.Type is { } type && type == Consent.ConsentProvisionType.Deny == given)
        {
            return (null, FhirErrors.BadValue("Consent.provision.type", "provision.type must agree with status: permit with active, deny with rejected."));
        }

        return (new C.RecordConsentRequest
        {
            ReferralId = referralId,
            ConsentGiven = given,
            DeclineReason = (consent.GetExtensionValue<FhirString>(FhirSystems.DeclineReason)?.Value) ?? "",
        }, null);
    }
}
