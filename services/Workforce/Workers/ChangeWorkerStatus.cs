using FluentValidation;
using PeerPlatform.Grpc;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Workers;

internal sealed class ChangeWorkerStatusValidator : AbstractValidator<C.ChangeWorkerStatusRequest>
{
    public ChangeWorkerStatusValidator()
    {
        RuleFor(r => r.WorkerId).RecordId("a worker");
        RuleFor(r => r.Status).Must(s => s is C.EmploymentStatus.Active or C.EmploymentStatus.OnLeave)
            .WithMessage("Must be ACTIVE or ON_LEAVE; use RecordLeaving when a worker leaves.");
    }
}

/// <summary>A worker goes on leave or returns; a worker on leave takes no new clients.</summary>
internal sealed class ChangeWorkerStatusHandler(WorkforceDbContext db)
{
    public async Task<C.PeerWorker> HandleAsync(C.ChangeWorkerStatusRequest request, CancellationToken cancellationToken)
    {
        var worker = await db.FindWorkerAsync(request.WorkerId, cancellationToken);
        worker.ChangeStatus((EmploymentStatus)request.Status);
        await db.SaveChangesAsync(cancellationToken);
        return worker.ToContract();
    }
}
