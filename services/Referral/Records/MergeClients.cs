using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class MergeClientsValidator : AbstractValidator<C.MergeClientsRequest>
{
    public MergeClientsValidator()
    {
        RuleFor(r => r.SourceClientId).RecordId("a client");
        RuleFor(r => r.TargetClientId).RecordId("a client")
            .NotEqual(r => r.SourceClientId).WithMessage("A record cannot be merged into itself.");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
    }
}

/// <summary>
/// Makes two records of one person one: the source's referrals move to the target, the source is
/// closed, an NHS number only the source had moves too; ClientsMerged tells the other services.
/// Audited as an update of both records.
/// </summary>
internal sealed class MergeClientsHandler(ReferralDbContext db, Outbox<ReferralDbContext> outbox, IAuditTrail audit, Caller caller, IOptions<RecordsOptions> options, TimeProvider clock)
{
    public async Task<C.ClientMerge> HandleAsync(C.MergeClientsRequest request, CancellationToken cancellationToken)
    {
        var sourceId = Guid.Parse(request.SourceClientId);
        var targetId = Guid.Parse(request.TargetClientId);
        var clients = await db.Clients.Where(c => c.Id == sourceId || c.Id == targetId).ToListAsync(cancellationToken);
        var source = clients.SingleOrDefault(c => c.Id == sourceId) ?? throw new NotFoundException("Client", request.SourceClientId);
        var target = clients.SingleOrDefault(c => c.Id == targetId) ?? throw new NotFoundException("Client", request.TargetClientId);
        if (source.MergedInto is not null || target.MergedInto is not null)
        {
            throw new DomainRuleViolationException("One of the records was already merged into another; merge the open records.");
        }

        var now = clock.GetUtcNow();
        var referrals = await db.Referrals.Where(r => r.ClientId == sourceId).ToListAsync(cancellationToken);
        foreach (var referral in referrals)
        {
            referral.MoveToClient(targetId);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The number is unique: the source lets go of it (saved) before the target adopts it.
        var movedNumber = source.MergeInto(target);
        var merge = ClientMerge.Record(sourceId, targetId, referrals.Select(r => r.Id), movedNumber is not null, caller.Actor, request.Reason, now, options.Value.MergeUndoWindow);
        db.ClientMerges.Add(merge);
        audit.Add(AuditedRecords.Client, request.SourceClientId, AuditAction.Update);
        audit.Add(AuditedRecords.Client, request.TargetClientId, AuditAction.Update);
        outbox.Add(new ClientsMerged(Guid.CreateVersion7(now), now, merge.Id, sourceId, targetId, merge.MovedReferralIds));
        await db.SaveChangesAsync(cancellationToken);
        if (movedNumber is not null)
        {
            target.AdoptNhsNumber(movedNumber);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return merge.ToContract();
    }
}
