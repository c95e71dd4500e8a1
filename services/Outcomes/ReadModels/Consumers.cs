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
/// order does not matter.
/// </summary>
public abstract class ReferralProgressConsumer<TEvent>(OutcomesDbContext db, ILogger logger) : IdempotentConsumer<TEvent, OutcomesDbContext>(db, logger)
    where TEvent : class
{
    protected abstract Guid ReferralIdOf(TEvent message);

    protected abstract void Apply(ReferralProgress referral, TEvent message);

    protected override async Task HandleAsync(TEvent message, CancellationToken cancellationToken)
    {
        // The events of one referral arrive on different queues at once (received, information
        // given, ...). Creating the row if missing, or touching it if not, locks it in the same
        // statement: they are serialised per referral instead of all but one failing on the
        // primary key and being retried.
        var id = ReferralIdOf(message);
        var rows = await Db.Referrals.FromSql($"""
            INSERT INTO referrals (referral_id) VALUES ({id})
            ON CONFLICT (referral_id) DO UPDATE SET referral_id = excluded.referral_id
            RETURNING *, xmin
            """).AsTracking().ToListAsync(cancellationToken);
        Apply(rows.Single(), message);
    }
}

public sealed class ReferralReceivedConsumer(OutcomesDbContext db, ILogger<ReferralReceivedConsumer> logger) : ReferralProgressConsumer<ReferralReceived>(db, logger)
{
    protected override Guid ReferralIdOf(ReferralReceived message) => message.ReferralId;

    protected override void Apply(ReferralProgress referral, ReferralReceived message)
    {
        referral.ClientId = message.ClientId;
        referral.Source = message.Source;
        referral.Priority = message.Priority;
        referral.ReceivedAt = message.ReceivedAt ?? message.OccurredAt;
    }
}

public sealed class InformationGivenConsumer(OutcomesDbContext db, ILogger<InformationGivenConsumer> logger) : ReferralProgressConsumer<InformationGiven>(db, logger)
{
    protected override Guid ReferralIdOf(InformationGiven message) => message.ReferralId;

    protected override void Apply(ReferralProgress referral, InformationGiven message)
    {
        referral.ClientId = message.ClientId;
        referral.InformationGivenOn = message.GivenOn;
    }
}

public sealed class ConsentRecordedConsumer(OutcomesDbContext db, ILogger<ConsentRecordedConsumer> logger) : ReferralProgressConsumer<ConsentRecorded>(db, logger)
{
    protected override Guid ReferralIdOf(ConsentRecorded message) => message.ReferralId;

    protected override void Apply(ReferralProgress referral, ConsentRecorded message)
    {
        referral.ClientId = message.ClientId;
        referral.Consented = message.Consented;
    }
}

public sealed class ReferralAcceptedConsumer(OutcomesDbContext db, ILogger<ReferralAcceptedConsumer> logger) : ReferralProgressConsumer<ReferralAccepted>(db, logger)
{
    protected override Guid ReferralIdOf(ReferralAccepted message) => message.ReferralId;

    protected override void Apply(ReferralProgress referral, ReferralAccepted message)
    {
        referral.ClientId = message.ClientId;
        referral.AcceptedAt = message.OccurredAt;
    }
}

public sealed class ReferralDeclinedConsumer(OutcomesDbContext db, ILogger<ReferralDeclinedConsumer> logger) : ReferralProgressConsumer<ReferralDeclined>(db, logger)
{
    protected override Guid ReferralIdOf(ReferralDeclined message) => message.ReferralId;

    protected override void Apply(ReferralProgress referral, ReferralDeclined message)
    {
        referral.ClientId = message.ClientId;
        referral.DeclineOutcome = message.Outcome;
    }
}

public sealed class ReferralWithdrawnConsumer(OutcomesDbContext db, ILogger<ReferralWithdrawnConsumer> logger) : ReferralProgressConsumer<ReferralWithdrawn>(db, logger)
{
    protected override Guid ReferralIdOf(ReferralWithdrawn message) => message.ReferralId;

    protected override void Apply(ReferralProgress referral, ReferralWithdrawn message)
    {
        referral.ClientId = message.ClientId;
        referral.WithdrawnAt = message.OccurredAt;
    }
}

public sealed class PeerWorkerAssignedConsumer(OutcomesDbContext db, ILogger<PeerWorkerAssignedConsumer> logger) : ReferralProgressConsumer<PeerWorkerAssigned>(db, logger)
{
    protected override Guid ReferralIdOf(PeerWorkerAssigned message) => message.ReferralId;

    // A re-match after a worker leaves assigns a new worker; the latest assignment wins by time, not arrival.
    protected override void Apply(ReferralProgress referral, PeerWorkerAssigned message)
    {
        referral.ClientId = message.ClientId;
        if (referral.WorkerAssignedAt is null || message.OccurredAt >= referral.WorkerAssignedAt)
        {
            referral.WorkerId = message.WorkerId;
            referral.WorkerAssignedAt = message.OccurredAt;
        }
    }
}

public sealed class EngagementStartedConsumer(OutcomesDbContext db, ILogger<EngagementStartedConsumer> logger) : ReferralProgressConsumer<EngagementStarted>(db, logger)
{
    protected override Guid ReferralIdOf(EngagementStarted message) => message.ReferralId;

    protected override void Apply(ReferralProgress referral, EngagementStarted message)
    {
        referral.ClientId = message.ClientId;
        referral.FirstContactAt = message.FirstContactAt;
        referral.ReceivedAt ??= message.ReferredAt;
        if (referral.WorkerAssignedAt is null && message.WorkerId is { } workerId)
        {
            referral.WorkerId = workerId;
        }
    }
}

public sealed class EngagementEndedConsumer(OutcomesDbContext db, ILogger<EngagementEndedConsumer> logger) : ReferralProgressConsumer<EngagementEnded>(db, logger)
{
    protected override Guid ReferralIdOf(EngagementEnded message) => message.ReferralId;

    protected override void Apply(ReferralProgress referral, EngagementEnded message)
    {
        referral.ClientId = message.ClientId;
        referral.EndedAt = message.OccurredAt;
        referral.EndReason = message.Reason;
        if (referral.WorkerAssignedAt is null && message.WorkerId is { } workerId)
        {
            referral.WorkerId = workerId;
        }
    }
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
