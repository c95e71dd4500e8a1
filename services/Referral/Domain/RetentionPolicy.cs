namespace PeerPlatform.Referral.Domain;

/// <summary>What a client's referrals tell the retention rules.</summary>
/// <param name="Closed">Declined, not accepted, ended or withdrawn.</param>
/// <param name="Started">The engagement began (a first contact): the records are a care record.</param>
/// <param name="LastActivity">The latest contact or status change.</param>
public sealed record ReferralActivity(bool Closed, bool Started, DateTimeOffset LastActivity);

/// <summary>The rule that decided how long a client's records are kept.</summary>
public static class RetentionRules
{
    /// <summary>Peer support is mental-health care: the care record's period applies.</summary>
    public const string CareRecord = "care_record";

    /// <summary>No referral ever started (declined, not accepted or withdrawn before contact).</summary>
    public const string ReferralNotStarted = "referral_not_started";
}

/// <summary>When a client's records may go.</summary>
public sealed record RetentionDecision(string Rule, DateOnly KeptUntil);

/// <summary>
/// The retention periods (docs/records.md): a care record is kept for
/// <see cref="CareRecordYears"/> after the last contact (NHS Records Management Code of Practice,
/// mental health records); a client whose referrals never started, for
/// <see cref="NotStartedYears"/> after the last of them closed. Nothing is due while a referral is
/// open. Plain rules, unit-tested: the dates are calendar days in the trust's time zone.
/// </summary>
public sealed class RetentionPolicy(int careRecordYears, int notStartedYears)
{
    public int CareRecordYears { get; } = careRecordYears;

    public int NotStartedYears { get; } = notStartedYears;

    /// <summary>The rule and last day to keep the client's records, or null while any referral is open.</summary>
    public RetentionDecision? Decide(DateTimeOffset registeredAt, IReadOnlyCollection<ReferralActivity> referrals)
    {
        if (referrals.Any(r => !r.Closed))
        {
            return null;
        }

        var last = referrals.Count == 0 ? registeredAt : referrals.Max(r => r.LastActivity);
        var lastDay = SharedKernel.TrustCalendar.LocalDate(last);
        return referrals.Any(r => r.Started)
            ? new RetentionDecision(RetentionRules.CareRecord, lastDay.AddYears(CareRecordYears))
            : new RetentionDecision(RetentionRules.ReferralNotStarted, lastDay.AddYears(NotStartedYears));
    }

    /// <summary>Whether the records may be erased on <paramref name="today"/>: the day after the last day to keep them.</summary>
    public static bool IsDue(RetentionDecision decision, DateOnly today) => today > decision.KeptUntil;
}
