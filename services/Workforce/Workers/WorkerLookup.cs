using Microsoft.EntityFrameworkCore;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.Workforce.Workers;

internal static class WorkerLookup
{
    /// <summary>The worker with this id (tracked unless asked otherwise), or NotFound.</summary>
    public static async Task<PeerWorker> FindWorkerAsync(this WorkforceDbContext db, string id, CancellationToken cancellationToken, bool tracked = true)
    {
        var query = tracked ? db.PeerWorkers : db.PeerWorkers.AsNoTracking();
        return await query.SingleOrDefaultAsync(w => w.Id == Guid.Parse(id), cancellationToken)
            ?? throw new NotFoundException("Worker", id);
    }
}
