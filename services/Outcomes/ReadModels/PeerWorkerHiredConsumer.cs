using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

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
