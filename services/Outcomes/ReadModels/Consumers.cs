using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Contracts.Events.Workforce;
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

public sealed class ReferralReceivedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ReferralReceivedConsumer> logger) : ReferralProgressConsumer<ReferralReceived>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ReferralReceived message) => referral.Apply(message);
}

public sealed class InformationGivenConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<InformationGivenConsumer> logger) : ReferralProgressConsumer<InformationGiven>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, InformationGiven message) => referral.Apply(message);
}

public sealed class ConsentRecordedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ConsentRecordedConsumer> logger) : ReferralProgressConsumer<ConsentRecorded>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ConsentRecorded message) => referral.Apply(message);
}

public sealed class ReferralAcceptedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ReferralAcceptedConsumer> logger) : ReferralProgressConsumer<ReferralAccepted>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ReferralAccepted message) => referral.Apply(message);
}

public sealed class ReferralDeclinedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ReferralDeclinedConsumer> logger) : ReferralProgressConsumer<ReferralDeclined>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ReferralDeclined message) => referral.Apply(message);
}

public sealed class ReferralWithdrawnConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ReferralWithdrawnConsumer> logger) : ReferralProgressConsumer<ReferralWithdrawn>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ReferralWithdrawn message) => referral.Apply(message);
}

public sealed class PeerWorkerAssignedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<PeerWorkerAssignedConsumer> logger) : ReferralProgressConsumer<PeerWorkerAssigned>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, PeerWorkerAssigned message) => referral.Apply(message);
}

public sealed class EngagementStartedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<EngagementStartedConsumer> logger) : ReferralProgressConsumer<EngagementStarted>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, EngagementStarted message) => referral.Apply(message);
}

public sealed class EngagementEndedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<EngagementEndedConsumer> logger) : ReferralProgressConsumer<EngagementEnded>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, EngagementEnded message) => referral.Apply(message);
}

public sealed class PeerWorkerHiredConsumer(OutcomesDbContext db, ILogger<PeerWorkerHiredConsumer> logger) : IdempotentConsumer<PeerWorkerHired, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(PeerWorkerHired message, CancellationToken cancellationToken)
    {
        var worker = await Db.Workers.FindAsync([message.WorkerId], cancellationToken) ?? Db.Workers.Add(new WorkerRecord { WorkerId = message.WorkerId }).Entity;
        worker.TeamId = message.TeamId;
        worker.Capacity = message.Capacity;
        worker.StartedOn = message.StartDate;
    }
}

public sealed class PeerWorkerLeftConsumer(OutcomesDbContext db, ILogger<PeerWorkerLeftConsumer> logger) : IdempotentConsumer<PeerWorkerLeft, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(PeerWorkerLeft message, CancellationToken cancellationToken)
    {
        var worker = await Db.Workers.FindAsync([message.WorkerId], cancellationToken) ?? Db.Workers.Add(new WorkerRecord { WorkerId = message.WorkerId }).Entity;
        worker.TeamId ??= message.TeamId;
        worker.LeftOn = message.LeftOn;
    }
}

public sealed class SupervisionAgreementStartedConsumer(OutcomesDbContext db, ILogger<SupervisionAgreementStartedConsumer> logger)
    : IdempotentConsumer<SupervisionAgreementStarted, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(SupervisionAgreementStarted message, CancellationToken cancellationToken)
    {
        var agreement = await Db.SupervisionAgreements.FindAsync([message.AgreementId], cancellationToken)
            ?? Db.SupervisionAgreements.Add(new SupervisionAgreementRecord { AgreementId = message.AgreementId }).Entity;
        agreement.OrganisationId = message.OrganisationId;
        agreement.WorkerId = message.WorkerId;
        agreement.FrequencyDays = message.FrequencyDays;
        agreement.StartsOn = message.StartsOn;
    }
}

public sealed class SupervisionAgreementEndedConsumer(OutcomesDbContext db, ILogger<SupervisionAgreementEndedConsumer> logger)
    : IdempotentConsumer<SupervisionAgreementEnded, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(SupervisionAgreementEnded message, CancellationToken cancellationToken)
    {
        var agreement = await Db.SupervisionAgreements.FindAsync([message.AgreementId], cancellationToken)
            ?? Db.SupervisionAgreements.Add(new SupervisionAgreementRecord { AgreementId = message.AgreementId }).Entity;
        agreement.OrganisationId = message.OrganisationId;
        agreement.WorkerId = message.WorkerId;
        agreement.EndsOn = message.EndsOn;
    }
}

public sealed class SupervisionSessionHeldConsumer(OutcomesDbContext db, ILogger<SupervisionSessionHeldConsumer> logger)
    : IdempotentConsumer<SupervisionSessionHeld, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(SupervisionSessionHeld message, CancellationToken cancellationToken)
    {
        if (await Db.HeldSupervisionSessions.FindAsync([message.SessionId], cancellationToken) is null)
        {
            Db.HeldSupervisionSessions.Add(new HeldSupervisionSession
            {
                SessionId = message.SessionId, OrganisationId = message.OrganisationId, HeldOn = message.HeldOn, WorkerIds = message.WorkerIds.ToList(),
            });
        }
    }
}
