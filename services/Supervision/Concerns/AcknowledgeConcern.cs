using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Concerns;

internal sealed class AcknowledgeConcernValidator : AbstractValidator<C.AcknowledgeConcernRequest>
{
    public AcknowledgeConcernValidator() => RuleFor(r => r.ConcernId).RecordId("a concern");
}

internal sealed class AcknowledgeConcernHandler(SupervisionDbContext db, PartnerScope scope, Caller caller, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Concern> HandleAsync(C.AcknowledgeConcernRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.ConcernId);
        var concern = await scope.Concerns.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Concern", request.ConcernId);
        concern.Acknowledge(caller.ClientId, clock.GetUtcNow());
        audit.Add(AuditedRecords.Concern, request.ConcernId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return concern.ToContract(withNotes: false);
    }
}
