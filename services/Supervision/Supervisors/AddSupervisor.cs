using FluentValidation;
using PeerPlatform.Auditing;
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

/// <summary>
/// A partner organisation's supervisors are managed by the organisation itself. Their names are
/// personal data: every read and change is audited.
/// </summary>
internal sealed class AddSupervisorHandler(SupervisionDbContext db, PartnerScope scope, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Supervisor> HandleAsync(C.AddSupervisorRequest request, CancellationToken cancellationToken)
    {
        var organisation = await scope.OwnActiveOrganisationAsync(cancellationToken);
        var supervisor = Supervisor.Add(organisation.Id, request.GivenName, request.FamilyName, clock.GetUtcNow());
        db.Supervisors.Add(supervisor);
        audit.Add(AuditedRecords.Supervisor, supervisor.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        return supervisor.ToContract();
    }
}
