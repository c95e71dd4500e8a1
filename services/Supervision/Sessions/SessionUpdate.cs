using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Sessions;

/// <summary>
/// A change to one of the caller's own sessions after it was scheduled: finds the session (another
/// organisation's is not found) and saves the change with its audit record. Each handler says what
/// changes.
/// </summary>
internal sealed class SessionUpdate(SupervisionDbContext db, PartnerScope scope, IAuditTrail audit)
{
    public async Task<SupervisionSession> FindOwnAsync(string id, CancellationToken cancellationToken)
    {
        var sessionId = Guid.Parse(id);
        return await scope.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken)
            ?? throw new NotFoundException("Session", id);
    }

    public async Task<C.Session> SaveAsync(SupervisionSession session, CancellationToken cancellationToken)
    {
        audit.Add(AuditedRecords.Session, session.Id.ToString(), AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return session.ToContract(withConfidential: true);
    }
}
