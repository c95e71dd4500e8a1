using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

/// <summary>
/// One step of the client's journey after the referral arrives: loads the referral, lets the
/// aggregate apply its rules (the hard rule among them), and commits the change, its audit record
/// and its integration events together. Each step's handler says what changes and what it emits.
/// </summary>
internal sealed class ReferralStep(ReferralDbContext db, Outbox<ReferralDbContext> outbox, IAuditTrail audit, IOptions<ProgrammeTargets> options, TimeProvider clock)
{
    public async Task<C.Referral> ApplyAsync(string referralId, Func<Domain.Referral, DateTimeOffset, IIntegrationEvent[]> change, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.Include(r => r.History).SingleOrDefaultAsync(r => r.Id == Guid.Parse(referralId), cancellationToken);
        if (referral is null)
        {
            await audit.WriteAsync(AuditedRecords.Referral, referralId, AuditAction.Update, AuditOutcome.NotFound, cancellationToken);
            throw new NotFoundException("Referral", referralId);
        }

        var now = clock.GetUtcNow();
        var events = change(referral, now);
        foreach (var integrationEvent in events)
        {
            outbox.Add(integrationEvent);
        }

        audit.Add(AuditedRecords.Referral, referralId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        ReferralMetrics.Record(events);
        return referral.ToContract(options.Value, now);
    }

    /// <summary>"FaceToFace" → "face_to_face": stable codes for events.</summary>
    public static string Code<TEnum>(TEnum value) where TEnum : struct, Enum => GrpcErrorInterceptor.ToProtoFieldPath(value.ToString());
}
