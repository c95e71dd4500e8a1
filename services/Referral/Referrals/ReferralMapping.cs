using Google.Protobuf.WellKnownTypes;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal static class ReferralMapping
{
    public static C.Referral ToContract(this Domain.Referral referral, ProgrammeTargets targets, DateTimeOffset now)
    {
        var contract = new C.Referral
        {
            ReferralId = referral.Id.ToString(),
            ClientId = referral.ClientId.ToString(),
            Source = (C.ReferralSource)referral.Source,
            Referrer = new C.Referrer
            {
                Name = referral.Referrer.Name,
                Organisation = referral.Referrer.Organisation,
                Role = referral.Referrer.Role,
            },
            Reason = referral.Reason,
            Priority = (C.ReferralPriority)referral.Priority,
            Status = (C.ReferralStatus)referral.Status,
            ReceivedAt = Timestamp.FromDateTimeOffset(referral.ReceivedAt),
            InformationGivenBy = referral.InformationGivenBy ?? "",
            InformationGivenOn = referral.InformationGivenOn.ToIsoDate(),
            InformationMethod = referral.InformationMethod is { } method ? (C.InformationMethod)method : C.InformationMethod.Unspecified,
            ConsentRecordedAt = Stamp(referral.ConsentRecordedAt),
            ConsentWithdrawnAt = Stamp(referral.ConsentWithdrawnAt),
            AssignedWorkerId = referral.AssignedWorkerId?.ToString() ?? "",
            AssignedTeamId = referral.AssignedTeamId?.ToString() ?? "",
            FirstContactTargetDays = targets.FirstContactTargetDays,
            FirstContactAt = Stamp(referral.FirstContactAt),
            EndReason = referral.EndReason is { } end ? (C.EndReason)end : C.EndReason.Unspecified,
            RequesterIdentifier = referral.RequesterIdentifier ?? "",
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
            .Select(h => new C.StatusChange
            {
                FromStatus = h.FromStatus is { } from ? (C.ReferralStatus)from : C.ReferralStatus.Unspecified,
                ToStatus = (C.ReferralStatus)h.ToStatus,
                ChangedAt = Timestamp.FromDateTimeOffset(h.ChangedAt),
                ChangedBy = h.ChangedBy,
                Reason = h.Reason,
            }));
        return contract;
    }

    /// <summary>A contact as the API gives it: never its notes.</summary>
    public static C.Contact ToContract(this Domain.PeerContact contact, Guid clientId, Guid? workerId) => new()
    {
        ContactId = contact.Id.ToString(),
        ReferralId = contact.ReferralId.ToString(),
        ClientId = clientId.ToString(),
        WorkerId = workerId?.ToString() ?? "",
        ContactAt = Timestamp.FromDateTimeOffset(contact.ContactAt),
        DurationMinutes = contact.DurationMinutes,
        Mode = (C.ContactMode)contact.Mode,
        RecordedAt = Timestamp.FromDateTimeOffset(contact.RecordedAt),
    };

    private static Timestamp? Stamp(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
