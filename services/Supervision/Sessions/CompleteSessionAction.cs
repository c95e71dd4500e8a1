using FluentValidation;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Sessions;

internal sealed class CompleteSessionActionValidator : AbstractValidator<C.CompleteSessionActionRequest>
{
    public CompleteSessionActionValidator()
    {
        RuleFor(r => r.SessionId).RecordId("a session");
        RuleFor(r => r.ActionId).RecordId("an action");
        RuleFor(r => r.CompletedOn).IsoDate();
    }
}

internal sealed class CompleteSessionActionHandler(SessionUpdate sessions)
{
    public async Task<C.Session> HandleAsync(C.CompleteSessionActionRequest request, CancellationToken cancellationToken)
    {
        var session = await sessions.FindOwnAsync(request.SessionId, cancellationToken);
        session.CompleteAction(Guid.Parse(request.ActionId), IsoDates.ParseIsoDate(request.CompletedOn));
        return await sessions.SaveAsync(session, cancellationToken);
    }
}
