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

internal sealed class RecordErasureRequestValidator : AbstractValidator<C.RecordErasureRequestRequest>
{
    public RecordErasureRequestValidator(TimeProvider clock)
    {
        RuleFor(r => r.ClientId).RecordId("a client");
        RuleFor(r => r.ReceivedOn).IsoDate()
            .Must(value => !IsoDates.TryParseIsoDate(value, out var date) || date <= TrustCalendar.LocalDate(clock.GetUtcNow()))
            .WithMessage("Must not be in the future.");
        RuleFor(r => r.Decision).NotEqual(C.ErasureDecision.Unspecified).WithMessage("The decision is required: GRANTED or REFUSED.").IsInEnum();
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }
}

/// <summary>
/// Records an erasure request and its decision. A granted request erases the client at once in
/// every service (through <see cref="ClientEraser"/>), unless a legal hold stands; a refused one
/// keeps the records and the reason given.
/// </summary>
internal sealed class RecordErasureRequestHandler(ReferralDbContext db, ClientEraser eraser, IAuditTrail audit, Caller caller, TimeProvider clock)
{
    public async Task<C.ErasureRequest> HandleAsync(C.RecordErasureRequestRequest request, CancellationToken cancellationToken)
    {
        var clientId = Guid.Parse(request.ClientId);
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken)
            ?? throw new NotFoundException("Client", request.ClientId);
        if (client.MergedInto is { } target)
        {
            throw new DomainRuleViolationException($"This record was merged into {target}; record the request against that one.");
        }

        var decision = (ErasureDecision)request.Decision;
        if (decision == ErasureDecision.Granted && await db.LegalHolds.AnyAsync(h => h.ClientId == clientId && h.ReleasedAt == null, cancellationToken))
        {
            throw new DomainRuleViolationException("A legal hold stands for this client: release it before granting erasure.");
        }

        // An open referral holds a worker's caseload slot and is still being acted on: it is
        // withdrawn or ended first, which releases the slot, and then the client can be erased.
        if (decision == ErasureDecision.Granted && await db.Referrals.AnyAsync(
                r => (r.ClientId == clientId || db.Clients.Any(c => c.Id == r.ClientId && c.MergedInto == clientId))
                    && r.Status != ReferralStatus.Declined && r.Status != ReferralStatus.NotAccepted
                    && r.Status != ReferralStatus.Ended && r.Status != ReferralStatus.Withdrawn,
                cancellationToken))
        {
            throw new DomainRuleViolationException("The client has an open referral: withdraw or end it before granting erasure.");
        }

        var now = clock.GetUtcNow();
        var erasure = ErasureRequest.Decide(clientId, IsoDates.ParseIsoDate(request.ReceivedOn), decision, request.Reason, caller.Actor, now);
        db.ErasureRequests.Add(erasure);
        audit.Add(AuditedRecords.Client, request.ClientId, AuditAction.Update);
        if (decision == ErasureDecision.Granted)
        {
            erasure.Erased(now);
            await eraser.EraseAsync(clientId, ErasureBases.ErasureRequest, cancellationToken);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return erasure.ToContract();
    }
}
