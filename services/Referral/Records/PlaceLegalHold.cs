using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class PlaceLegalHoldValidator : AbstractValidator<C.PlaceLegalHoldRequest>
{
    public PlaceLegalHoldValidator()
    {
        RuleFor(r => r.ClientId).RecordId("a client");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
    }
}

/// <summary>Places a legal hold: the retention run and granted erasure requests leave the client's records alone until it is released.</summary>
internal sealed class PlaceLegalHoldHandler(ReferralDbContext db, IAuditTrail audit, Caller caller, TimeProvider clock)
{
    public async Task<C.LegalHold> HandleAsync(C.PlaceLegalHoldRequest request, CancellationToken cancellationToken)
    {
        var clientId = Guid.Parse(request.ClientId);
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken))
        {
            throw new NotFoundException("Client", request.ClientId);
        }

        if (await db.LegalHolds.AnyAsync(h => h.ClientId == clientId && h.ReleasedAt == null, cancellationToken))
        {
            throw new AlreadyExistsException("A legal hold already stands for this client; release it before placing another.", request.ClientId);
        }

        var hold = LegalHold.Place(clientId, request.Reason, caller.Actor, clock.GetUtcNow());
        db.LegalHolds.Add(hold);
        audit.Add(AuditedRecords.Client, request.ClientId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return hold.ToContract();
    }
}
