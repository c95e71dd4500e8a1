using FluentValidation;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Supervisors;

internal sealed class RecordSupervisorTrainingValidator : AbstractValidator<C.RecordSupervisorTrainingRequest>
{
    public RecordSupervisorTrainingValidator()
    {
        RuleFor(r => r.SupervisorId).RecordId("a supervisor");
        RuleFor(r => r.Course).NotEmpty().MaximumLength(200);
        RuleFor(r => r.CompletedOn).IsoDate();
    }
}

internal sealed class RecordSupervisorTrainingHandler(SupervisionDbContext db, SupervisorLookup supervisors, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Supervisor> HandleAsync(C.RecordSupervisorTrainingRequest request, CancellationToken cancellationToken)
    {
        var supervisor = await supervisors.FindAsync(request.SupervisorId, cancellationToken);
        var today = Compliance.LocalDate(clock.GetUtcNow());
        supervisor.RecordTraining(request.Course, IsoDates.ParseIsoDate(request.CompletedOn), today);
        audit.Add(AuditedRecords.Supervisor, request.SupervisorId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return supervisor.ToContract();
    }
}
