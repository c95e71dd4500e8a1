using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.EpisodesOfCare;

/// <summary>
/// GET /EpisodeOfCare/{id}: the engagement of a referral (id = the referral's) once matched with a
/// worker: planned until the first contact, active, finished when ended.
/// </summary>
internal static class ReadEpisodeOfCare
{
    public static void Map(IEndpointRouteBuilder fhir) => ReferralViews.MapRead(fhir, "EpisodeOfCare", ToFhir);

    internal static EpisodeOfCare? ToFhir(C.Referral referral)
    {
        var matched = referral.History.FirstOrDefault(h => h.ToStatus == C.ReferralStatus.Matched);
        if (matched is null)
        {
            return null; // never matched: no engagement
        }

        var ended = referral.Status is C.ReferralStatus.Ended or C.ReferralStatus.Withdrawn
            ? referral.History.LastOrDefault()?.ChangedAt
            : null;
        var episode = new EpisodeOfCare
        {
            Id = referral.ReferralId,
            Status = referral.Status switch
            {
                C.ReferralStatus.Matched => EpisodeOfCare.EpisodeOfCareStatus.Planned,
                C.ReferralStatus.Active => EpisodeOfCare.EpisodeOfCareStatus.Active,
                C.ReferralStatus.Ended => EpisodeOfCare.EpisodeOfCareStatus.Finished,
                C.ReferralStatus.Withdrawn => EpisodeOfCare.EpisodeOfCareStatus.Cancelled,
                // Back to ACCEPTED when the worker left: waiting to be matched again.
                _ => EpisodeOfCare.EpisodeOfCareStatus.Waitlist,
            },
            Type = { new CodeableConcept { Coding = [ServiceRequests.ServiceRequestMapping.PeerSupport] } },
            Patient = References.To("Patient", referral.ClientId),
            ReferralRequest = { References.To("ServiceRequest", referral.ReferralId) },
            Period = new Period
            {
                Start = (referral.FirstContactAt ?? matched.ChangedAt).ToDateTimeOffset().ToString("o"),
                End = ended?.ToDateTimeOffset().ToString("o"),
            },
        };
        if (referral.AssignedWorkerId.Length > 0)
        {
            episode.CareManager = References.To("Practitioner", referral.AssignedWorkerId);
        }

        return episode;
    }
}
