using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
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

/// <summary>
/// Supervision sessions. Partner organisations record their own; the trust reads them without the
/// confidential notes and actions. Sessions are about named workers: every access is audited.
/// </summary>
internal sealed class ScheduleSessionHandler(SupervisionDbContext db, PartnerScope scope, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Session> HandleAsync(C.ScheduleSessionRequest request, CancellationToken cancellationToken)
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
}
