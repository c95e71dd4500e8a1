namespace PeerPlatform.Outcomes.Referrals;

/// <summary>Read model: one row per referral the Referral service received. Ids and codes only.</summary>
public sealed class ReceivedReferral
{
    public Guid ReferralId { get; init; }

    public Guid ClientId { get; init; }

    public required string Source { get; init; }

    public required string Priority { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}
