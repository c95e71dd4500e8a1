using FluentValidation;
using PeerPlatform.Grpc;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Sessions;

internal sealed class RecordSessionMissedValidator : AbstractValidator<C.RecordSessionMissedRequest>
{
    public RecordSessionMissedValidator() => RuleFor(r => r.SessionId).RecordId("a session");
}

internal sealed class RecordSessionMissedHandler(SessionUpdate sessions, TimeProvider clock)
{
    public async Task<C.Session> HandleAsync(C.RecordSessionMissedRequest request, CancellationToken cancellationToken)
    {
        var session = await sessions.FindOwnAsync(request.SessionId, cancellationToken);
        session.MarkMissed(clock.GetUtcNow());
        return await sessions.SaveAsync(session, cancellationToken);
    }
}
