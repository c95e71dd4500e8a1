using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class PeerWorkerLeftConsumer(OutcomesDbContext db, ILogger<PeerWorkerLeftConsumer> logger) : IdempotentConsumer<PeerWorkerLeft, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(PeerWorkerLeft message, CancellationToken cancellationToken)
    {
        var worker = await Db.Workers.FindAsync([message.WorkerId], cancellationToken) ?? Db.Workers.Add(new WorkerRecord { WorkerId = message.WorkerId }).Entity;
        worker.TeamId ??= message.TeamId;
        worker.LeftOn = message.LeftOn;
    }
}
