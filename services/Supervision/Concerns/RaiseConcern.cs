using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Concerns;

internal sealed class RaiseConcernValidator : AbstractValidator<C.RaiseConcernRequest>
{
    public RaiseConcernValidator()
    {
        RuleFor(r => r.WorkerId).RecordId("a worker");
        RuleFor(r => r.SessionId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a session id (a UUID) or empty.");
        RuleFor(r => r.Category).IsInEnum().NotEqual(C.ConcernCategory.Unspecified);
        RuleFor(r => r.Urgency).IsInEnum().NotEqual(C.ConcernUrgency.Unspecified);
        RuleFor(r => r.Notes).NotEmpty().MaximumLength(10_000);
    }
}

/// <summary>
/// Concerns a partner organisation escalates to the trust. The trust sees that one exists, its
/// category and urgency (most urgent first), never the notes.
/// </summary>
internal sealed class RaiseConcernHandler(
    SupervisionDbContext db, PartnerScope scope, Outbox<SupervisionDbContext> outbox, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Concern> HandleAsync(C.RaiseConcernRequest request, CancellationToken cancellationToken)
    {
        var organisation = await scope.OwnActiveOrganisationAsync(cancellationToken);
        var workerId = Guid.Parse(request.WorkerId);
        if (!await scope.Agreements.AnyAsync(a => a.WorkerId == workerId, cancellationToken))
        {
            throw new NotFoundException("Worker", request.WorkerId);
        }

        Guid? sessionId = request.SessionId.Length > 0 ? Guid.Parse(request.SessionId) : null;
        if (sessionId is { } id && !await scope.Sessions.AnyAsync(s => s.Id == id, cancellationToken))
        {
            throw new NotFoundException("Session", request.SessionId);
        }

        var now = clock.GetUtcNow();
        var concern = Concern.Raise(organisation.Id, workerId, sessionId, (ConcernCategory)request.Category, (ConcernUrgency)request.Urgency, request.Notes, now);
        db.Concerns.Add(concern);
        outbox.Add(new SupervisionConcernRaised(Guid.CreateVersion7(now), now, concern.Id, concern.OrganisationId, concern.WorkerId, concern.Category.ToString(), concern.Urgency.ToString()));
        audit.Add(AuditedRecords.Concern, concern.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        return concern.ToContract(withNotes: true);
    }
}
