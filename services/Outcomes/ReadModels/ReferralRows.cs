using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

/// <summary>
/// The referrals read model's rows for a group of referral events, created if missing and locked,
/// in one statement. The events of one referral arrive on different queues at once (received,
/// information given, ...): creating the row if missing, or touching it if not, locks it in the
/// same statement, so they are serialised per referral instead of all but one failing on the
/// primary key and being retried. Two events of one referral in a group share the tracked row.
/// </summary>
internal sealed class ReferralRows : IInboxGroupPreparer<OutcomesDbContext>
{
    public static Guid? ReferralIdOf(object message) => message switch
    {
        ReferralReceived m => m.ReferralId,
        InformationGiven m => m.ReferralId,
        ConsentRecorded m => m.ReferralId,
        ReferralAccepted m => m.ReferralId,
        ReferralDeclined m => m.ReferralId,
        ReferralWithdrawn m => m.ReferralId,
        PeerWorkerAssigned m => m.ReferralId,
        EngagementStarted m => m.ReferralId,
        EngagementEnded m => m.ReferralId,
        _ => null,
    };

    public static Task<List<ReferralProgress>> CreateOrLockAsync(OutcomesDbContext db, Guid[] referralIds, CancellationToken cancellationToken) =>
        // In key order, so two transactions locking overlapping rows cannot deadlock.
        db.Referrals.FromSql($"""
            INSERT INTO referrals (referral_id) SELECT id FROM unnest({referralIds}) AS id ORDER BY id
            ON CONFLICT (referral_id) DO UPDATE SET referral_id = excluded.referral_id
            RETURNING *, xmin
            """).AsTracking().ToListAsync(cancellationToken);

    public async Task PrepareAsync(OutcomesDbContext db, IReadOnlyList<object> messages, CancellationToken cancellationToken)
    {
        Guid[] ids = [.. messages.Select(ReferralIdOf).OfType<Guid>().Distinct()];
        if (ids.Length > 0)
        {
            await CreateOrLockAsync(db, ids, cancellationToken);
        }
    }
}
