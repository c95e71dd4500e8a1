using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

/// <summary>
/// Applies one kind of Referral event to the referral's row, creating it if this event arrived
/// first. The inbox makes redelivery harmless; each event sets only its own fields, so arrival
/// order does not matter. These are the high-volume events (several per referral), so they are
/// committed in groups.
/// </summary>
public abstract class ReferralProgressConsumer<TEvent>(InboxGroupCommit<OutcomesDbContext> groups, ILogger logger) : GroupCommittedConsumer<TEvent, OutcomesDbContext>(groups, logger)
    where TEvent : class
{
    protected abstract void Apply(ReferralProgress referral, TEvent message);

    protected override async Task ApplyAsync(OutcomesDbContext db, TEvent message, CancellationToken cancellationToken)
    {
        var id = ReferralRows.ReferralIdOf(message) ?? throw new InvalidOperationException($"{typeof(TEvent).Name} is not a referral event.");
        // Usually created or locked already, with the rest of its group's (ReferralRows).
        var referral = db.Referrals.Local.FindEntry(id)?.Entity
            ?? (await ReferralRows.CreateOrLockAsync(db, [id], cancellationToken)).Single();
        Apply(referral, message);
    }
}
