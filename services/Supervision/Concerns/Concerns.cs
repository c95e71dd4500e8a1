using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Security;
using PeerPlatform.ServiceDefaults.Validation;
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

internal sealed class GetConcernValidator : AbstractValidator<C.GetConcernRequest>
{
    public GetConcernValidator() => RuleFor(r => r.ConcernId).RecordId("a concern");
}

internal sealed class ListConcernsValidator : AbstractValidator<C.ListConcernsRequest>
{
    public ListConcernsValidator()
    {
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.Urgency).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class AcknowledgeConcernValidator : AbstractValidator<C.AcknowledgeConcernRequest>
{
    public AcknowledgeConcernValidator() => RuleFor(r => r.ConcernId).RecordId("a concern");
}

/// <summary>
/// Concerns a partner organisation escalates to the trust. The trust sees that one exists, its
/// category and urgency (most urgent first), never the notes.
/// </summary>
internal sealed class ConcernHandlers(
    SupervisionDbContext db, PartnerScope scope, Caller caller, Outbox<SupervisionDbContext> outbox, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Concern> RaiseAsync(C.RaiseConcernRequest request, CancellationToken cancellationToken)
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

    public async Task<C.Concern> GetAsync(C.GetConcernRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.ConcernId);
        var concern = await scope.Concerns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Concern, request.ConcernId, AuditAction.Read, concern is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return (concern ?? throw new NotFoundException("Concern", request.ConcernId)).ToContract(scope.MaySeeConfidential(concern.OrganisationId));
    }

    public async Task<C.ListConcernsResponse> ListAsync(C.ListConcernsRequest request, CancellationToken cancellationToken)
    {
        var query = scope.Concerns.AsNoTracking();
        if (request.Status != C.ConcernStatus.Unspecified)
        {
            var status = (ConcernStatus)request.Status;
            query = query.Where(c => c.Status == status);
        }

        if (request.Urgency != C.ConcernUrgency.Unspecified)
        {
            var urgency = (ConcernUrgency)request.Urgency;
            query = query.Where(c => c.Urgency == urgency);
        }

        // Urgency is stored as text; order by its rank so IMMEDIATE comes first.
        var (concerns, next) = await query
            .OrderByDescending(c => c.Urgency == ConcernUrgency.Immediate ? 3 : c.Urgency == ConcernUrgency.Urgent ? 2 : 1)
            .ThenByDescending(c => c.RaisedAt).ThenBy(c => c.Id)
            .ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Concern, "all", AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListConcernsResponse { NextPageToken = next };
        response.Concerns.AddRange(concerns.Select(c => c.ToContract(scope.MaySeeConfidential(c.OrganisationId))));
        return response;
    }

    public async Task<C.Concern> AcknowledgeAsync(C.AcknowledgeConcernRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.ConcernId);
        var concern = await scope.Concerns.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Concern", request.ConcernId);
        concern.Acknowledge(caller.ClientId, clock.GetUtcNow());
        audit.Add(AuditedRecords.Concern, request.ConcernId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return concern.ToContract(withNotes: false);
    }
}
