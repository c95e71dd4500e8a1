using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Supervisors;

internal sealed class GetSupervisorValidator : AbstractValidator<C.GetSupervisorRequest>
{
    public GetSupervisorValidator() => RuleFor(r => r.SupervisorId).RecordId("a supervisor");
}

internal sealed class GetSupervisorHandler(PartnerScope scope, IAuditTrail audit)
{
    public async Task<C.Supervisor> HandleAsync(C.GetSupervisorRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.SupervisorId);
        var supervisor = await scope.Supervisors.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Supervisor, request.SupervisorId, AuditAction.Read, supervisor is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return (supervisor ?? throw new NotFoundException("Supervisor", request.SupervisorId)).ToContract();
    }
}
