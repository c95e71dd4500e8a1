using FluentValidation;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Sessions;

internal sealed class RecordSessionHeldValidator : AbstractValidator<C.RecordSessionHeldRequest>
{
    public RecordSessionHeldValidator()
    {
        RuleFor(r => r.SessionId).RecordId("a session");
        RuleForEach(r => r.Themes).IsInEnum().NotEqual(C.SupervisionTheme.Unspecified);
        RuleFor(r => r.ConfidentialNotes).MaximumLength(10_000);
        RuleFor(r => r.Actions).Must(a => a.Count <= 20).WithMessage("At most 20 actions.");
        RuleForEach(r => r.Actions).ChildRules(action =>
        {
            action.RuleFor(a => a.Description).NotEmpty().MaximumLength(500);
            action.RuleFor(a => a.DueOn).IsoDate();
        });
        RuleForEach(r => r.AbsentWorkerIds).RecordId("a worker");
    }
}

/// <summary>Records the session as held and announces it (no notes, no actions) in the same transaction.</summary>
internal sealed class RecordSessionHeldHandler(SessionUpdate sessions, Outbox<SupervisionDbContext> outbox, TimeProvider clock)
{
    public async Task<C.Session> HandleAsync(C.RecordSessionHeldRequest request, CancellationToken cancellationToken)
    {
        var session = await sessions.FindOwnAsync(request.SessionId, cancellationToken);
        var now = clock.GetUtcNow();
        session.MarkHeld(
            request.Themes.Select(t => (SupervisionTheme)t),
            request.ConfidentialNotes,
            now,
            request.Actions.Select(a => (a.Description, IsoDates.ParseIsoDate(a.DueOn))),
            request.AbsentWorkerIds.Select(Guid.Parse).ToList());
        outbox.Add(new SupervisionSessionHeld(
            Guid.CreateVersion7(now), now, session.Id, session.PartnerOrganisationId, session.Kind == SessionKind.Group,
            Compliance.LocalDate(session.ScheduledFor), session.DurationMinutes, session.AttendeeWorkerIds.ToList(), session.Themes.Select(t => t.ToString()).ToList()));
        return await sessions.SaveAsync(session, cancellationToken);
    }
}
