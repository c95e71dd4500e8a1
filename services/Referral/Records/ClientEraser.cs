using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;

namespace PeerPlatform.Referral.Records;

/// <summary>Why a client's records were erased, as ClientRecordsErased and the register say it.</summary>
internal static class ErasureBases
{
    public const string RetentionExpired = "retention_expired";
    public const string ErasureRequest = "erasure_request";
}

/// <summary>
/// Erases a client in this service and tells the others to (ClientRecordsErased), in one
/// transaction: the client, records merged into it, their referrals with history and contact
/// notes, corrections, merges, holds, exports, and replayable idempotency answers that name any of
/// them. What stays: that the erasure happened (erased_clients, the audit trail: ids only) and
/// the erasure requests with their decisions. Joins the caller's unit of work (an erasure request).
/// </summary>
internal sealed class ClientEraser(ReferralDbContext db, Outbox<ReferralDbContext> outbox, IAuditTrail audit, TimeProvider clock)
{
    public async Task EraseAsync(Guid clientId, string basis, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var clientIds = await db.Clients.Where(c => c.Id == clientId || c.MergedInto == clientId).Select(c => c.Id).ToListAsync(cancellationToken);
        var referrals = await db.Referrals.Where(r => clientIds.Contains(r.ClientId)).Select(r => new { r.Id, r.ClientId }).ToListAsync(cancellationToken);
        var referralIds = referrals.Select(r => r.Id).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.PeerContacts.Where(c => referralIds.Contains(c.ReferralId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ReferralStatusChange>().Where(c => referralIds.Contains(c.ReferralId)).ExecuteDeleteAsync(cancellationToken);
        await db.Referrals.Where(r => referralIds.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.ClientChanges.Where(c => clientIds.Contains(c.ClientId)).ExecuteDeleteAsync(cancellationToken);
        await db.ClientMerges.Where(m => clientIds.Contains(m.SourceClientId) || clientIds.Contains(m.TargetClientId)).ExecuteDeleteAsync(cancellationToken);
        await db.LegalHolds.Where(h => clientIds.Contains(h.ClientId)).ExecuteDeleteAsync(cancellationToken);
        await db.SubjectAccessExports.Where(e => clientIds.Contains(e.ClientId)).ExecuteDeleteAsync(cancellationToken);
        await db.Clients.Where(c => clientIds.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);

        await db.ForgetAnswersNamingAsync(clientIds.Concat(referralIds), cancellationToken);

        foreach (var id in clientIds)
        {
            var own = referrals.Where(r => r.ClientId == id).Select(r => r.Id).ToList();
            db.ErasedClients.Add(new ErasedClient { ClientId = id, ErasedAt = now, Basis = basis, ReferralCount = own.Count });
            audit.Add(AuditedRecords.Client, id.ToString(), AuditAction.Delete);
            outbox.Add(new ClientRecordsErased(Guid.CreateVersion7(now), now, id, id == clientId ? referralIds : own, basis));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        ReferralMetrics.RecordErasure(basis, clientIds.Count);
    }
}
