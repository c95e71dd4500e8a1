using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Supervision.Data;

namespace PeerPlatform.Supervision.Workers;

/// <summary>A hired worker becomes available for supervision agreements.</summary>
public sealed class PeerWorkerHiredConsumer(SupervisionDbContext db, ILogger<PeerWorkerHiredConsumer> logger)
    : IdempotentConsumer<PeerWorkerHired, SupervisionDbContext>(db, logger)
{
    protected override async Task HandleAsync(PeerWorkerHired message, CancellationToken cancellationToken)
    {
        var worker = await WorkerRecords.FindOrAddAsync(Db, message.WorkerId, cancellationToken);

        worker.Hired(message.TeamId, message.StartDate);
    }
}
