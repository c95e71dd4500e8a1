using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Agreements;

internal sealed class EndAgreementValidator : AbstractValidator<C.EndAgreementRequest>
{
    public EndAgreementValidator()
    {
        RuleFor(r => r.AgreementId).RecordId("an agreement");
        RuleFor(r => r.EndsOn).IsoDate();
        RuleFor(r => r.Reason).IsInEnum().NotEqual(C.AgreementEndReason.Unspecified);
    }
}

internal sealed class EndAgreementHandler(
    SupervisionDbContext db, PartnerScope scope, Outbox<SupervisionDbContext> outbox, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Agreement> HandleAsync(C.EndAgreementRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.AgreementId);
        var agreement = await scope.Agreements.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("Agreement", request.AgreementId);
        var reason = (AgreementEndReason)request.Reason;
        agreement.End(IsoDates.ParseIsoDate(request.EndsOn), reason);
        var now = clock.GetUtcNow();
        outbox.Add(new SupervisionAgreementEnded(Guid.CreateVersion7(now), now, agreement.Id, agreement.WorkerId, agreement.OrganisationId, agreement.EndsOn!.Value, reason.ToString()));
        audit.Add(AuditedRecords.Agreement, request.AgreementId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return agreement.ToContract();
    }
}
