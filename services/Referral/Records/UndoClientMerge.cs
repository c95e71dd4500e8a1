using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class UndoClientMergeValidator : AbstractValidator<C.UndoClientMergeRequest>
{
    public UndoClientMergeValidator()
    {
        RuleFor(r => r.MergeId).RecordId("a merge");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
    }
}

/// <summary>
/// Undoes a merge within its window: the referrals it moved go back to the source, which reopens,
/// and an NHS number that moved goes back. ClientMergeUndone tells the other services.
/// </summary>
internal sealed class UndoClientMergeHandler(ReferralDbContext db, Outbox<ReferralDbContext> outbox, IAuditTrail audit, Caller caller, TimeProvider clock)
{
    public async Task<C.ClientMerge> HandleAsync(C.UndoClientMergeRequest request, CancellationToken cancellationToken)
    {
        var merge = await db.ClientMerges.SingleOrDefaultAsync(m => m.Id == Guid.Parse(request.MergeId), cancellationToken)
            ?? throw new NotFoundException("Merge", request.MergeId);
        var now = clock.GetUtcNow();
        if (merge.WhyNotUndoable(now) is { } why)
        {
            throw new DomainRuleViolationException(why);
        }

        var clients = await db.Clients.Where(c => c.Id == merge.SourceClientId || c.Id == merge.TargetClientId).ToListAsync(cancellationToken);
        var source = clients.Single(c => c.Id == merge.SourceClientId);
        var target = clients.Single(c => c.Id == merge.TargetClientId);
        var referrals = await db.Referrals.Where(r => merge.MovedReferralIds.Contains(r.Id)).ToListAsync(cancellationToken);
        foreach (var referral in referrals)
        {
            referral.MoveToClient(source.Id);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        source.Reopen();
        var number = merge.MovedNhsNumber ? target.ReleaseNhsNumber() : null;
        merge.Undo(caller.Actor, request.Reason, now);
        audit.Add(AuditedRecords.Client, merge.SourceClientId.ToString(), AuditAction.Update);
        audit.Add(AuditedRecords.Client, merge.TargetClientId.ToString(), AuditAction.Update);
        outbox.Add(new ClientMergeUndone(Guid.CreateVersion7(now), now, merge.Id, merge.SourceClientId, merge.TargetClientId, merge.MovedReferralIds));
        await db.SaveChangesAsync(cancellationToken);
        if (number is not null)
        {
            source.AdoptNhsNumber(number);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return merge.ToContract();
    }
}
