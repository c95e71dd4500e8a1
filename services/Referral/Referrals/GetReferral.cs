using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal sealed class GetReferralValidator : AbstractValidator<C.GetReferralRequest>
{
    public GetReferralValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
    }
}

/// <summary>Reads a referral (its reason and referrer are personal data, so every read is audited).</summary>
internal sealed class GetReferralHandler(ReferralDbContext db, IAuditTrail audit, IOptions<ProgrammeTargets> options, TimeProvider clock)
{
    public async Task<C.Referral> HandleAsync(C.GetReferralRequest request, CancellationToken cancellationToken)
    {
        var referral = await ReferralById(db, Guid.Parse(request.ReferralId), cancellationToken);
        await audit.WriteAsync(AuditedRecords.Referral, request.ReferralId, AuditAction.Read,
            referral is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return referral?.ToContract(options.Value, clock.GetUtcNow()) ?? throw new NotFoundException("Referral", request.ReferralId);
    }

    // The most frequent read: compiled once, instead of EF building, hashing and looking up the
    // query's expression tree on every call (docs/decisions/0011).
    private static readonly Func<ReferralDbContext, Guid, CancellationToken, Task<Domain.Referral?>> ReferralById =
        EF.CompileAsyncQuery((ReferralDbContext db, Guid id, CancellationToken _) =>
            db.Referrals.AsNoTracking().Include(r => r.History).SingleOrDefault(r => r.Id == id));
}
