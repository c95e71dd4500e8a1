using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Concerns;

internal sealed class GetConcernValidator : AbstractValidator<C.GetConcernRequest>
{
    public GetConcernValidator() => RuleFor(r => r.ConcernId).RecordId("a concern");
}

internal sealed class GetConcernHandler(PartnerScope scope, IAuditTrail audit)
{
    public async Task<C.Concern> HandleAsync(C.GetConcernRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.ConcernId);
        var concern = await scope.Concerns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Concern, request.ConcernId, AuditAction.Read, concern is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return (concern ?? throw new NotFoundException("Concern", request.ConcernId)).ToContract(scope.MaySeeConfidential(concern.OrganisationId));
    }
}
