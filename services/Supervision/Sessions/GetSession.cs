using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Sessions;

internal sealed class GetSessionValidator : AbstractValidator<C.GetSessionRequest>
{
    public GetSessionValidator() => RuleFor(r => r.SessionId).RecordId("a session");
}

internal sealed class GetSessionHandler(PartnerScope scope, IAuditTrail audit)
{
    public async Task<C.Session> HandleAsync(C.GetSessionRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.SessionId);
        var session = await scope.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Session, request.SessionId, AuditAction.Read, session is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return (session ?? throw new NotFoundException("Session", request.SessionId)).ToContract(scope.MaySeeConfidential(session));
    }
}
