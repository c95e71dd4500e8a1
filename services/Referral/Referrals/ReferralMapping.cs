using Google.Protobuf.WellKnownTypes;
using PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal static class ReferralMapping
{
    public static Contracts.Referral.V1.Referral ToContract(this Domain.Referral referral)
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
        };
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
}
