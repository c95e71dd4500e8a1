using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Supervisors;

internal sealed class AddSupervisorValidator : AbstractValidator<C.AddSupervisorRequest>
{
    public AddSupervisorValidator()
    {
        RuleFor(r => r.GivenName).NotEmpty().MaximumLength(100);
        RuleFor(r => r.FamilyName).NotEmpty().MaximumLength(100);
    }
}

internal sealed class GetSupervisorValidator : AbstractValidator<C.GetSupervisorRequest>
{
    public GetSupervisorValidator() => RuleFor(r => r.SupervisorId).RecordId("a supervisor");
}

internal sealed class ListSupervisorsValidator : AbstractValidator<C.ListSupervisorsRequest>
{
    public ListSupervisorsValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class RecordSupervisorTrainingValidator : AbstractValidator<C.RecordSupervisorTrainingRequest>
{
    public RecordSupervisorTrainingValidator()
    {
        RuleFor(r => r.SupervisorId).RecordId("a supervisor");
        RuleFor(r => r.Course).NotEmpty().MaximumLength(200);
        RuleFor(r => r.CompletedOn).IsoDate();
    }
}

internal sealed class DeactivateSupervisorValidator : AbstractValidator<C.DeactivateSupervisorRequest>
{
    public DeactivateSupervisorValidator() => RuleFor(r => r.SupervisorId).RecordId("a supervisor");
}

/// <summary>
/// A partner organisation's supervisors, managed by the organisation itself. Their names are
/// personal data: every read and change is audited.
/// </summary>
internal sealed class SupervisorHandlers(SupervisionDbContext db, PartnerScope scope, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Supervisor> AddAsync(C.AddSupervisorRequest request, CancellationToken cancellationToken)
    {
        var organisation = await scope.OwnActiveOrganisationAsync(cancellationToken);
        var supervisor = Supervisor.Add(organisation.Id, request.GivenName, request.FamilyName, clock.GetUtcNow());
        db.Supervisors.Add(supervisor);
        audit.Add(AuditedRecords.Supervisor, supervisor.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        return supervisor.ToContract();
    }

    public async Task<C.Supervisor> GetAsync(C.GetSupervisorRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.SupervisorId);
        var supervisor = await scope.Supervisors.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Supervisor, request.SupervisorId, AuditAction.Read, supervisor is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return (supervisor ?? throw new NotFoundException("Supervisor", request.SupervisorId)).ToContract();
    }

    public async Task<C.ListSupervisorsResponse> ListAsync(C.ListSupervisorsRequest request, CancellationToken cancellationToken)
    {
        var query = scope.Supervisors.AsNoTracking();
        if (request.ActiveOnly)
        {
            query = query.Where(s => s.Active);
        }

        var (supervisors, next) = await query.OrderBy(s => s.FamilyName).ThenBy(s => s.GivenName).ThenBy(s => s.Id)
            .ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Supervisor, "organisation:" + scope.Organisation, AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListSupervisorsResponse { NextPageToken = next };
        response.Supervisors.AddRange(supervisors.Select(s => s.ToContract()));
        return response;
    }

    public async Task<C.Supervisor> RecordTrainingAsync(C.RecordSupervisorTrainingRequest request, CancellationToken cancellationToken)
    {
        var supervisor = await FindAsync(request.SupervisorId, cancellationToken);
        var today = Compliance.LocalDate(clock.GetUtcNow());
        supervisor.RecordTraining(request.Course, ValidationRules.ParseIsoDate(request.CompletedOn), today);
        audit.Add(AuditedRecords.Supervisor, request.SupervisorId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return supervisor.ToContract();
    }

    public async Task<C.Supervisor> DeactivateAsync(C.DeactivateSupervisorRequest request, CancellationToken cancellationToken)
    {
        var supervisor = await FindAsync(request.SupervisorId, cancellationToken);
        supervisor.Deactivate();
        audit.Add(AuditedRecords.Supervisor, request.SupervisorId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return supervisor.ToContract();
    }

    private async Task<Supervisor> FindAsync(string id, CancellationToken cancellationToken)
    {
        var supervisorId = Guid.Parse(id);
        return await scope.Supervisors.SingleOrDefaultAsync(s => s.Id == supervisorId, cancellationToken)
            ?? throw new NotFoundException("Supervisor", id);
    }
}
