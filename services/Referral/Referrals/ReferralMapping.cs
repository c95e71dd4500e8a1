using Google.Protobuf.WellKnownTypes;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.Referral.Referrals;

internal static class ReferralMapping
{
    public static Contracts.Referral.V1.Referral ToContract(this Domain.Referral referral, ProgrammeTargets targets, DateTimeOffset now)
    {
        var contract = new Contracts.Referral.V1.Referral
        {
            ReferralId = referral.Id.ToString(),
            ClientId = referral.ClientId.ToString(),
            Source = (Contracts.Referral.V1.ReferralSource)referral.Source,
            Referrer = new Contracts.Referral.V1.Referrer
            {
                Name = referral.Referrer.Name,
                Organisation = referral.Referrer.Organisation,
                Role = referral.Referrer.Role,
            },
            Reason = referral.Reason,
            Priority = (Contracts.Referral.V1.ReferralPriority)referral.Priority,
            Status = (Contracts.Referral.V1.ReferralStatus)referral.Status,
            ReceivedAt = Timestamp.FromDateTimeOffset(referral.ReceivedAt),
            InformationGivenBy = referral.InformationGivenBy ?? "",
            InformationGivenOn = referral.InformationGivenOn.ToIsoDate(),
            InformationMethod = referral.InformationMethod is { } method ? (Contracts.Referral.V1.InformationMethod)method : Contracts.Referral.V1.InformationMethod.Unspecified,
            ConsentRecordedAt = Stamp(referral.ConsentRecordedAt),
            ConsentWithdrawnAt = Stamp(referral.ConsentWithdrawnAt),
            AssignedWorkerId = referral.AssignedWorkerId?.ToString() ?? "",
            AssignedTeamId = referral.AssignedTeamId?.ToString() ?? "",
            FirstContactTargetDays = targets.FirstContactTargetDays,
            FirstContactAt = Stamp(referral.FirstContactAt),
            EndReason = referral.EndReason is { } end ? (Contracts.Referral.V1.EndReason)end : Contracts.Referral.V1.EndReason.Unspecified,
        };
        if (referral.ConsentGiven is { } consent)
        {
            contract.ConsentGiven = consent;
        }

        if (referral.DaysToFirstContact is { } days)
        {
            contract.DaysToFirstContact = days;
        }

        if (referral.FirstContactWithinTarget(targets.FirstContactTargetDays, now) is { } withinTarget)
        {
            contract.FirstContactWithinTarget = withinTarget;
        }

        contract.History.AddRange(referral.History
            .OrderBy(h => h.ChangedAt).ThenBy(h => h.Id)
            .Select(h => new StatusChange
            {
                FromStatus = h.FromStatus is { } from ? (Contracts.Referral.V1.ReferralStatus)from : Contracts.Referral.V1.ReferralStatus.Unspecified,
                ToStatus = (Contracts.Referral.V1.ReferralStatus)h.ToStatus,
                ChangedAt = Timestamp.FromDateTimeOffset(h.ChangedAt),
                ChangedBy = h.ChangedBy,
                Reason = h.Reason,
            }));
        return contract;
    }

    private static Timestamp? Stamp(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
