using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision.Workers;

internal static class WorkerRecords
{
    /// <summary>The worker's record, created on the first event about them, whichever arrives first.</summary>
    public static async Task<SupervisedWorker> FindOrAddAsync(SupervisionDbContext db, Guid workerId, CancellationToken cancellationToken)
    {
        var worker = await db.Workers.FindAsync([workerId], cancellationToken);
        if (worker is null)
        {
            worker = SupervisedWorker.Known(workerId);
            db.Workers.Add(worker);
        }

        return worker;
    }
}
