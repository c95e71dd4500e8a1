using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class ReleaseLegalHoldValidator : AbstractValidator<C.ReleaseLegalHoldRequest>
{
    public ReleaseLegalHoldValidator()
    {
        RuleFor(r => r.ClientId).RecordId("a client");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
    }
}

/// <summary>Releases the standing legal hold; the next retention run applies the periods again.</summary>
internal sealed class ReleaseLegalHoldHandler(ReferralDbContext db, IAuditTrail audit, Caller caller, TimeProvider clock)
{
    public async Task<C.LegalHold> HandleAsync(C.ReleaseLegalHoldRequest request, CancellationToken cancellationToken)
    {
        var clientId = Guid.Parse(request.ClientId);
        var hold = await db.LegalHolds.SingleOrDefaultAsync(h => h.ClientId == clientId && h.ReleasedAt == null, cancellationToken)
            ?? throw new NotFoundException("Legal hold", request.ClientId);
        hold.Release(request.Reason, caller.Actor, clock.GetUtcNow());
        audit.Add(AuditedRecords.Client, request.ClientId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return hold.ToContract();
    }
}
