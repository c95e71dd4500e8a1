using FluentValidation;
using PeerPlatform.Grpc;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Sessions;

internal sealed class CancelSessionValidator : AbstractValidator<C.CancelSessionRequest>
{
    public CancelSessionValidator()
    {
        RuleFor(r => r.SessionId).RecordId("a session");
        RuleFor(r => r.Reason).MaximumLength(500);
    }
}

internal sealed class CancelSessionHandler(SessionUpdate sessions)
{
    public async Task<C.Session> HandleAsync(C.CancelSessionRequest request, CancellationToken cancellationToken)
    {
        var session = await sessions.FindOwnAsync(request.SessionId, cancellationToken);
        session.Cancel(request.Reason);
        return await sessions.SaveAsync(session, cancellationToken);
    }
}
