using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;
using FhirTask = Hl7.Fhir.Model.Task;

namespace PeerPlatform.Fhir.Tasks;

/// <summary>
/// A referral's journey as the Task fulfilling its ServiceRequest: Task.status in FHIR's terms,
/// businessStatus in the programme's (information given, consent, accepted, matched, active,
/// ended...), statusReason the reason recorded with the latest step.
/// </summary>
internal static class TaskMapping
{
    public static FhirTask ToFhir(C.Referral referral)
    {
        var latest = referral.History.LastOrDefault();
        var task = new FhirTask
        {
            Id = referral.ReferralId,
            Status = StatusOf(referral.Status),
            Intent = FhirTask.TaskIntent.Order,
            BusinessStatus = new CodeableConcept(FhirSystems.ReferralStatus, BusinessCode(referral.Status), BusinessDisplay(referral.Status), null),
            Code = new CodeableConcept { Coding = [new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", "Fulfill the focal request")] },
            Focus = References.To("ServiceRequest", referral.ReferralId),
            BasedOn = { References.To("ServiceRequest", referral.ReferralId) },
            For = References.To("Patient", referral.ClientId),
            AuthoredOn = referral.ReceivedAt.ToDateTimeOffset().ToString("o"),
            LastModified = (latest?.ChangedAt ?? referral.ReceivedAt).ToDateTimeOffset().ToString("o"),
        };
        if (latest is { Reason.Length: > 0 })
        {
            task.StatusReason = new CodeableConcept { Text = latest.Reason };
        }

        if (referral.AssignedWorkerId.Length > 0)
        {
            task.Owner = References.To("PractitionerRole", referral.AssignedWorkerId);
        }

        if (referral.FirstContactAt is { } firstContact)
        {
            task.ExecutionPeriod = new Period { Start = firstContact.ToDateTimeOffset().ToString("o") };
        }

        return task;
    }

    public static FhirTask.TaskStatus StatusOf(C.ReferralStatus status) => status switch
    {
        C.ReferralStatus.Received => FhirTask.TaskStatus.Requested,
        C.ReferralStatus.InformationGiven or C.ReferralStatus.ConsentGiven => FhirTask.TaskStatus.Received,
        C.ReferralStatus.Accepted => FhirTask.TaskStatus.Accepted,
        C.ReferralStatus.Matched => FhirTask.TaskStatus.Ready,
        C.ReferralStatus.Active => FhirTask.TaskStatus.InProgress,
        C.ReferralStatus.Ended => FhirTask.TaskStatus.Completed,
        C.ReferralStatus.NotAccepted => FhirTask.TaskStatus.Rejected,
        _ => FhirTask.TaskStatus.Cancelled, // declined, withdrawn
    };

    public static string BusinessCode(C.ReferralStatus status) => status switch
    {
        C.ReferralStatus.Received => "received",
        C.ReferralStatus.InformationGiven => "information-given",
        C.ReferralStatus.ConsentGiven => "consent-given",
        C.ReferralStatus.Declined => "declined",
        C.ReferralStatus.Accepted => "accepted",
        C.ReferralStatus.NotAccepted => "not-accepted",
        C.ReferralStatus.Matched => "matched",
        C.ReferralStatus.Active => "active",
        C.ReferralStatus.Ended => "ended",
        C.ReferralStatus.Withdrawn => "withdrawn",
        _ => "unknown",
    };

    private static string BusinessDisplay(C.ReferralStatus status) => status switch
    {
        C.ReferralStatus.Received => "Referral received",
        C.ReferralStatus.InformationGiven => "Information about peer support given",
        C.ReferralStatus.ConsentGiven => "Consent given",
        C.ReferralStatus.Declined => "Client declined",
        C.ReferralStatus.Accepted => "Accepted for peer support",
        C.ReferralStatus.NotAccepted => "Not accepted",
        C.ReferralStatus.Matched => "Matched with a peer worker",
        C.ReferralStatus.Active => "Engagement active",
        C.ReferralStatus.Ended => "Engagement ended",
        C.ReferralStatus.Withdrawn => "Withdrawn",
        _ => "Unknown",
    };
}
