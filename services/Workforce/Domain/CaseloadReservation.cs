namespace PeerPlatform.Workforce.Domain;

/// <summary>
/// One caseload slot held for one referral. The caller's idempotency key is unique, so a retried
/// reservation returns the slot it already has instead of taking another.
/// </summary>
public sealed class CaseloadReservation
{
    private CaseloadReservation()
    {
    }

    public Guid Id { get; private set; }

    public Guid PeerWorkerId { get; private set; }

    public string IdempotencyKey { get; private set; } = "";

    public Guid ReferralId { get; private set; }

    public DateTimeOffset ReservedAt { get; private set; }

    public DateTimeOffset? ReleasedAt { get; private set; }

    public static CaseloadReservation Reserve(Guid peerWorkerId, string idempotencyKey, Guid referralId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PeerWorkerId = peerWorkerId,
        IdempotencyKey = idempotencyKey,
        ReferralId = referralId,
        ReservedAt = now,
    };

    /// <summary>Returns false when it was already released (releasing twice changes nothing).</summary>
    public bool Release(DateTimeOffset now)
    {
        if (ReleasedAt is not null)
        {
            return false;
        }

        ReleasedAt = now;
        return true;
    }
}
