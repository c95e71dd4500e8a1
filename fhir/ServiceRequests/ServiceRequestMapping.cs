using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.ServiceRequests;

/// <summary>A referral as a ServiceRequest for peer support (docs/fhir.md has the table).</summary>
internal static class ServiceRequestMapping
{
    public static readonly Coding PeerSupport = new(FhirSystems.Service, "peer-support", "Mental health peer support");

    public static ServiceRequest ToFhir(C.Referral referral)
    {
        var request = new ServiceRequest
        {
            Id = referral.ReferralId,
            Status = StatusOf(referral.Status),
            Intent = RequestIntent.Order,
            Category = { new CodeableConcept(FhirSystems.ReferralSource, SourceCode(referral.Source)) },
            Code = new CodeableConcept { Coding = [PeerSupport] },
            Priority = referral.Priority == C.ReferralPriority.Urgent ? RequestPriority.Urgent : RequestPriority.Routine,
            Subject = References.To("Patient", referral.ClientId),
            AuthoredOn = referral.ReceivedAt.ToDateTimeOffset().ToString("o"),
            ReasonCode = { new CodeableConcept { Text = referral.Reason } },
        };
        if (referral.RequesterIdentifier.Length > 0)
        {
            var (system, value) = References.Token(referral.RequesterIdentifier);
            request.Identifier.Add(new Identifier(system, value));
        }

        request.Requester = referral.Source == C.ReferralSource.Self
            ? References.To("Patient", referral.ClientId)
            : new ResourceReference { Display = Referrer(referral.Referrer) };
        if (referral.AssignedWorkerId.Length > 0)
        {
            request.Performer.Add(References.To("PractitionerRole", referral.AssignedWorkerId));
        }

        return request;
    }

    /// <summary>active while the journey runs, completed once ended, revoked when it stopped short.</summary>
    public static RequestStatus StatusOf(C.ReferralStatus status) => status switch
    {
        C.ReferralStatus.Ended => RequestStatus.Completed,
        C.ReferralStatus.Declined or C.ReferralStatus.NotAccepted or C.ReferralStatus.Withdrawn => RequestStatus.Revoked,
        _ => RequestStatus.Active,
    };

    /// <summary>The referral statuses a ServiceRequest status stands for (search by status).</summary>
    public static IEnumerable<C.ReferralStatus> StatusesFor(RequestStatus status) =>
        Enum.GetValues<C.ReferralStatus>().Where(s => s != C.ReferralStatus.Unspecified && StatusOf(s) == status);

    public static string SourceCode(C.ReferralSource source) => source switch
    {
        C.ReferralSource.ClinicalTeam => "clinical-team",
        C.ReferralSource.Self => "self",
        C.ReferralSource.Carer => "carer",
        C.ReferralSource.Gp => "gp",
        C.ReferralSource.PartnerOrganisation => "partner-organisation",
        _ => "unknown",
    };

    public static C.ReferralSource? SourceFrom(string? code) =>
        Enum.GetValues<C.ReferralSource>().Where(s => s != C.ReferralSource.Unspecified).Cast<C.ReferralSource?>()
            .FirstOrDefault(s => SourceCode(s!.Value) == code);

    private static string Referrer(C.Referrer referrer) =>
        string.Join(", ", new[] { referrer.Name, referrer.Role, referrer.Organisation }.Where(p => p.Length > 0));
}
