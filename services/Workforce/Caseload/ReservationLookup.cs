using Microsoft.EntityFrameworkCore;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.Workforce.Caseload;

internal static class ReservationLookup
{
    /// <summary>The reservation made with this idempotency key, untracked, if any.</summary>
    public static Task<CaseloadReservation?> FindReservationAsync(this WorkforceDbContext db, string idempotencyKey, CancellationToken cancellationToken) =>
        db.CaseloadReservations.AsNoTracking().SingleOrDefaultAsync(r => r.IdempotencyKey == idempotencyKey, cancellationToken);
}
