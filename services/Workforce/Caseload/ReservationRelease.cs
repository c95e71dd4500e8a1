using Microsoft.EntityFrameworkCore;
using PeerPlatform.Workforce.Data;

namespace PeerPlatform.Workforce.Caseload;

/// <summary>
/// Frees the caseload slot a referral held once it ends or is withdrawn (including when the client
/// withdraws consent). Driven by Referral's events, so a slot is released even if Workforce was
/// down when the referral closed.
/// </summary>
internal static class ReservationRelease
{
    public static async Task ReleaseForReferralAsync(this WorkforceDbContext db, Guid referralId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = await db.CaseloadReservations.Where(r => r.ReferralId == referralId && r.ReleasedAt == null).ToListAsync(cancellationToken);
        foreach (var reservation in held)
        {
            reservation.Release(now);
            await db.PeerWorkers
                .Where(w => w.Id == reservation.PeerWorkerId && w.CurrentCaseload > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.CurrentCaseload, w => w.CurrentCaseload - 1), cancellationToken);
        }
    }
}
