using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision.Workers;

/// <summary>
/// A worker who leaves ends every agreement on the leaving date. Tolerates arriving before the
/// hiring event (the worker is recorded as left; hiring then fills in the rest).
/// </summary>
public sealed class PeerWorkerLeftConsumer(SupervisionDbContext db, Outbox<SupervisionDbContext> outbox, TimeProvider clock, ILogger<PeerWorkerLeftConsumer> logger)
    : IdempotentConsumer<PeerWorkerLeft, SupervisionDbContext>(db, logger)
{
    protected override async Task HandleAsync(PeerWorkerLeft message, CancellationToken cancellationToken)
    {
        var worker = await WorkerRecords.FindOrAddAsync(Db, message.WorkerId, cancellationToken);

        worker.Left(message.LeftOn);
        var now = clock.GetUtcNow();
        var agreements = await Db.Agreements.Where(a => a.WorkerId == message.WorkerId).ToListAsync(cancellationToken);
        foreach (var agreement in agreements.Where(a => a.EndBecauseWorkerLeft(message.LeftOn)))
        {
            outbox.Add(new SupervisionAgreementEnded(Guid.CreateVersion7(now), now, agreement.Id, agreement.WorkerId, agreement.OrganisationId, agreement.EndsOn!.Value, nameof(AgreementEndReason.WorkerLeft)));
        }
    }
}
