using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Training;

internal sealed class RetireTrainingModuleValidator : AbstractValidator<C.RetireTrainingModuleRequest>
{
    public RetireTrainingModuleValidator() => RuleFor(r => r.ModuleId).RecordId("a training module");
}

/// <summary>Retires a module and re-evaluates every employed worker who was not yet ready.</summary>
internal sealed class RetireTrainingModuleHandler(WorkforceDbContext db, Outbox<WorkforceDbContext> outbox, TimeProvider clock)
{
    public async Task<C.TrainingModule> HandleAsync(C.RetireTrainingModuleRequest request, CancellationToken cancellationToken)
    {
        var module = await db.TrainingModules.SingleOrDefaultAsync(m => m.Id == Guid.Parse(request.ModuleId), cancellationToken)
            ?? throw new NotFoundException("Training module", request.ModuleId);
        module.Retire();

        var curriculum = await db.TrainingModules.Where(m => m.Id != module.Id).AsNoTracking().ToListAsync(cancellationToken);
        var waiting = await db.PeerWorkers.Where(w => !w.TrainingComplete && w.Status != EmploymentStatus.Left).ToListAsync(cancellationToken);
        var completions = await db.TrainingCompletions.Where(c => waiting.Select(w => w.Id).Contains(c.PeerWorkerId)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var worker in waiting)
        {
            if (worker.UpdateTrainingComplete(Readiness.IsReady(curriculum, completions.Where(c => c.PeerWorkerId == worker.Id).Select(c => c.ModuleId))))
            {
                outbox.Add(new PeerWorkerReady(Guid.CreateVersion7(now), now, worker.Id, worker.TeamId));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return module.ToContract();
    }
}
