using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Sessions;

internal sealed class ScheduleSessionValidator : AbstractValidator<C.ScheduleSessionRequest>
{
    public ScheduleSessionValidator(TimeProvider clock)
    {
        RuleFor(r => r.SupervisorId).RecordId("a supervisor");
        RuleFor(r => r.Kind).IsInEnum().NotEqual(C.SessionKind.Unspecified);
        RuleFor(r => r.ScheduledFor).NotNull()
            .Must(t => t is null || Math.Abs((t.ToDateTimeOffset() - clock.GetUtcNow()).TotalDays) <= 366)
            .WithMessage("Must be within a year of now.");
        RuleFor(r => r.DurationMinutes).InclusiveBetween(10, 480);
        RuleFor(r => r.WorkerIds).NotEmpty().Must(ids => ids.Count <= SupervisionSession.MaxGroupSize)
            .WithMessage($"At most {SupervisionSession.MaxGroupSize} workers.");
        RuleForEach(r => r.WorkerIds).RecordId("a worker");
    }
}

internal sealed class GetSessionValidator : AbstractValidator<C.GetSessionRequest>
{
    public GetSessionValidator() => RuleFor(r => r.SessionId).RecordId("a session");
}

internal sealed class ListSessionsValidator : AbstractValidator<C.ListSessionsRequest>
{
    public ListSessionsValidator()
    {
        RuleFor(r => r.WorkerId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a worker id (a UUID) or empty.");
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.From).IsoDate().When(r => r.From.Length > 0);
        RuleFor(r => r.To).IsoDate().When(r => r.To.Length > 0);
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

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

internal sealed class CancelSessionValidator : AbstractValidator<C.CancelSessionRequest>
{
    public CancelSessionValidator()
    {
        RuleFor(r => r.SessionId).RecordId("a session");
        RuleFor(r => r.Reason).MaximumLength(500);
    }
}

internal sealed class RecordSessionMissedValidator : AbstractValidator<C.RecordSessionMissedRequest>
{
    public RecordSessionMissedValidator() => RuleFor(r => r.SessionId).RecordId("a session");
}

internal sealed class CompleteSessionActionValidator : AbstractValidator<C.CompleteSessionActionRequest>
{
    public CompleteSessionActionValidator()
    {
        RuleFor(r => r.SessionId).RecordId("a session");
        RuleFor(r => r.ActionId).RecordId("an action");
        RuleFor(r => r.CompletedOn).IsoDate();
    }
}

/// <summary>
/// Supervision sessions. Partner organisations record their own; the trust reads them without the
/// confidential notes and actions. Sessions are about named workers: every access is audited.
/// </summary>
internal sealed class SessionHandlers(
    SupervisionDbContext db, PartnerScope scope, Outbox<SupervisionDbContext> outbox, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Session> ScheduleAsync(C.ScheduleSessionRequest request, CancellationToken cancellationToken)
    {
        var organisation = await scope.OwnActiveOrganisationAsync(cancellationToken);
        var supervisorId = Guid.Parse(request.SupervisorId);
        var supervisor = await scope.Supervisors.SingleOrDefaultAsync(s => s.Id == supervisorId, cancellationToken)
            ?? throw new NotFoundException("Supervisor", request.SupervisorId);
        supervisor.RequireCanSupervise();

        var scheduledFor = request.ScheduledFor.ToDateTimeOffset();
        var day = Compliance.LocalDate(scheduledFor);
        var workerIds = request.WorkerIds.Select(Guid.Parse).Distinct().ToList();
        var agreements = await db.Agreements.AsNoTracking()
            .Where(a => a.OrganisationId == organisation.Id && workerIds.Contains(a.WorkerId))
            .ToListAsync(cancellationToken);
        foreach (var workerId in workerIds)
        {
            var own = agreements.Where(a => a.WorkerId == workerId).ToList();
            if (own.Count == 0)
            {
                // Whether another organisation supervises this worker is not this caller's business.
                throw new NotFoundException("Worker", workerId.ToString());
            }

            if (!own.Any(a => a.IsActiveOn(day)))
            {
                throw new DomainRuleViolationException($"Worker {workerId} has no agreement with your organisation in force on {day.ToIsoDate()}.");
            }
        }

        var session = SupervisionSession.Schedule(organisation.Id, supervisor.Id, (SessionKind)request.Kind, scheduledFor, request.DurationMinutes, workerIds, clock.GetUtcNow());
        db.Sessions.Add(session);
        audit.Add(AuditedRecords.Session, session.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        return session.ToContract(withConfidential: true);
    }

    public async Task<C.Session> GetAsync(C.GetSessionRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.SessionId);
        var session = await scope.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Session, request.SessionId, AuditAction.Read, session is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return (session ?? throw new NotFoundException("Session", request.SessionId)).ToContract(scope.MaySeeConfidential(session.PartnerOrganisationId));
    }

    public async Task<C.ListSessionsResponse> ListAsync(C.ListSessionsRequest request, CancellationToken cancellationToken)
    {
        var query = scope.Sessions.AsNoTracking();
        if (request.WorkerId.Length > 0)
        {
            var workerId = Guid.Parse(request.WorkerId);
            query = query.Where(s => s.AttendeeWorkerIds.Contains(workerId) || s.AbsentWorkerIds.Contains(workerId));
        }

        if (request.Status != C.SessionStatus.Unspecified)
        {
            var status = (SessionStatus)request.Status;
            query = query.Where(s => s.Status == status);
        }

        if (request.From.Length > 0)
        {
            var from = Compliance.StartOfLocalDay(ValidationRules.ParseIsoDate(request.From));
            query = query.Where(s => s.ScheduledFor >= from);
        }

        if (request.To.Length > 0)
        {
            var before = Compliance.StartOfLocalDay(ValidationRules.ParseIsoDate(request.To).AddDays(1));
            query = query.Where(s => s.ScheduledFor < before);
        }

        var (sessions, next) = await query.OrderByDescending(s => s.ScheduledFor).ThenBy(s => s.Id).ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Session, request.WorkerId.Length > 0 ? "worker:" + request.WorkerId : "all", AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListSessionsResponse { NextPageToken = next };
        response.Sessions.AddRange(sessions.Select(s => s.ToContract(scope.MaySeeConfidential(s.PartnerOrganisationId))));
        return response;
    }

    /// <summary>Records the session as held and announces it (no notes, no actions) in the same transaction.</summary>
    public async Task<C.Session> RecordHeldAsync(C.RecordSessionHeldRequest request, CancellationToken cancellationToken)
    {
        var session = await FindOwnAsync(request.SessionId, cancellationToken);
        var now = clock.GetUtcNow();
        session.MarkHeld(
            request.Themes.Select(t => (SupervisionTheme)t),
            request.ConfidentialNotes,
            now,
            request.Actions.Select(a => (a.Description, ValidationRules.ParseIsoDate(a.DueOn))),
            request.AbsentWorkerIds.Select(Guid.Parse).ToList());
        outbox.Add(new SupervisionSessionHeld(
            Guid.CreateVersion7(now), now, session.Id, session.PartnerOrganisationId, session.Kind == SessionKind.Group,
            Compliance.LocalDate(session.ScheduledFor), session.DurationMinutes, session.AttendeeWorkerIds.ToList(), session.Themes.Select(t => t.ToString()).ToList()));
        return await SaveAsync(session, cancellationToken);
    }

    public async Task<C.Session> CancelAsync(C.CancelSessionRequest request, CancellationToken cancellationToken)
    {
        var session = await FindOwnAsync(request.SessionId, cancellationToken);
        session.Cancel(request.Reason);
        return await SaveAsync(session, cancellationToken);
    }

    public async Task<C.Session> RecordMissedAsync(C.RecordSessionMissedRequest request, CancellationToken cancellationToken)
    {
        var session = await FindOwnAsync(request.SessionId, cancellationToken);
        session.MarkMissed(clock.GetUtcNow());
        return await SaveAsync(session, cancellationToken);
    }

    public async Task<C.Session> CompleteActionAsync(C.CompleteSessionActionRequest request, CancellationToken cancellationToken)
    {
        var session = await FindOwnAsync(request.SessionId, cancellationToken);
        session.CompleteAction(Guid.Parse(request.ActionId), ValidationRules.ParseIsoDate(request.CompletedOn));
        return await SaveAsync(session, cancellationToken);
    }

    private async Task<C.Session> SaveAsync(SupervisionSession session, CancellationToken cancellationToken)
    {
        audit.Add(AuditedRecords.Session, session.Id.ToString(), AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return session.ToContract(withConfidential: true);
    }

    private async Task<SupervisionSession> FindOwnAsync(string id, CancellationToken cancellationToken)
    {
        var sessionId = Guid.Parse(id);
        return await scope.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken)
            ?? throw new NotFoundException("Session", id);
    }
}
