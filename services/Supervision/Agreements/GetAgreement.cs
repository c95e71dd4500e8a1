using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Agreements;

internal sealed class GetAgreementValidator : AbstractValidator<C.GetAgreementRequest>
{
    public GetAgreementValidator() => RuleFor(r => r.AgreementId).RecordId("an agreement");
}

internal sealed class GetAgreementHandler(PartnerScope scope, IAuditTrail audit)
{
    public async Task<C.Agreement> HandleAsync(C.GetAgreementRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.AgreementId);
        var agreement = await scope.Agreements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Agreement, request.AgreementId, AuditAction.Read, agreement is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return (agreement ?? throw new NotFoundException("Agreement", request.AgreementId)).ToContract();
    }
}
