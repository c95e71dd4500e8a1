using FluentValidation;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Supervision.Data;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Supervisors;

internal sealed class DeactivateSupervisorValidator : AbstractValidator<C.DeactivateSupervisorRequest>
{
    public DeactivateSupervisorValidator() => RuleFor(r => r.SupervisorId).RecordId("a supervisor");
}

internal sealed class DeactivateSupervisorHandler(SupervisionDbContext db, SupervisorLookup supervisors, IAuditTrail audit)
{
    public async Task<C.Supervisor> HandleAsync(C.DeactivateSupervisorRequest request, CancellationToken cancellationToken)
    {
        var supervisor = await supervisors.FindAsync(request.SupervisorId, cancellationToken);
        supervisor.Deactivate();
        audit.Add(AuditedRecords.Supervisor, request.SupervisorId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return supervisor.ToContract();
    }
}
