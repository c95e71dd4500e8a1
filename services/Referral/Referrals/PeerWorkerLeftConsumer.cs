using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Referral.Data;

namespace PeerPlatform.Referral.Referrals;

/// <summary>A worker left: their matched and active referrals go back to Accepted for re-matching.</summary>
public sealed class PeerWorkerLeftConsumer(ReferralDbContext db, TimeProvider clock, ILogger<PeerWorkerLeftConsumer> logger)
    : IdempotentConsumer<PeerWorkerLeft, ReferralDbContext>(db, logger)
{
    protected override async Task HandleAsync(PeerWorkerLeft message, CancellationToken cancellationToken)
    {
        var affected = await Db.Referrals.Include(r => r.History)
            .Where(r => r.AssignedWorkerId == message.WorkerId
                        && (r.Status == Domain.ReferralStatus.Matched || r.Status == Domain.ReferralStatus.Active))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var referral in affected)
        {
            referral.ReturnForRematching("workforce:peer-worker-left", now);
        }
    }
}
