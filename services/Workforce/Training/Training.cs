using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Workforce.Training;

internal sealed class CreateTrainingModuleValidator : AbstractValidator<C.CreateTrainingModuleRequest>
{
    public CreateTrainingModuleValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Hours).GreaterThan(0).LessThanOrEqualTo(500);
    }
}

internal sealed class RecordTrainingCompletionValidator : AbstractValidator<C.RecordTrainingCompletionRequest>
{
    public RecordTrainingCompletionValidator()
    {
        RuleFor(r => r.WorkerId).RecordId("a worker");
        RuleFor(r => r.ModuleId).RecordId("a training module");
        RuleFor(r => r.CompletedOn).IsoDate();
    }
}

internal sealed class RetireTrainingModuleValidator : AbstractValidator<C.RetireTrainingModuleRequest>
{
    public RetireTrainingModuleValidator() => RuleFor(r => r.ModuleId).RecordId("a training module");
}

/// <summary>The curriculum and each worker's progress through it; readiness follows from both.</summary>
internal sealed class TrainingHandlers(WorkforceDbContext db, Outbox<WorkforceDbContext> outbox, TimeProvider clock)
{
    public async Task<C.TrainingModule> CreateModuleAsync(C.CreateTrainingModuleRequest request, CancellationToken cancellationToken)
    {
        var module = TrainingModule.Create(request.Name, request.Mandatory, (decimal)request.Hours, clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.TrainingModules.Add(module);
        await db.SaveChangesAsync(cancellationToken);
        if (module.Mandatory)
        {
            // Nobody has completed a brand-new mandatory module: nobody is fully trained any more.
            await db.PeerWorkers.Where(w => w.TrainingComplete).ExecuteUpdateAsync(s => s.SetProperty(w => w.TrainingComplete, false), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return module.ToContract();
    }

    /// <summary>Retires a module and re-evaluates every employed worker who was not yet ready.</summary>
    public async Task<C.TrainingModule> RetireModuleAsync(C.RetireTrainingModuleRequest request, CancellationToken cancellationToken)
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

    public async Task<C.ListTrainingModulesResponse> ListModulesAsync(CancellationToken cancellationToken)
    {
        var modules = await db.TrainingModules.AsNoTracking().Where(m => !m.Retired).OrderBy(m => m.Name).ToListAsync(cancellationToken);
        var response = new C.ListTrainingModulesResponse();
        response.Modules.AddRange(modules.Select(m => m.ToContract()));
        return response;
    }

    /// <summary>Records a completion (again is harmless) and emits PeerWorkerReady when it completes the mandatory set.</summary>
    public async Task<C.PeerWorker> RecordCompletionAsync(C.RecordTrainingCompletionRequest request, CancellationToken cancellationToken)
    {
        var workerId = Guid.Parse(request.WorkerId);
        var moduleId = Guid.Parse(request.ModuleId);
        var worker = await db.PeerWorkers.SingleOrDefaultAsync(w => w.Id == workerId, cancellationToken)
            ?? throw new NotFoundException("Worker", request.WorkerId);
        if (!await db.TrainingModules.AnyAsync(m => m.Id == moduleId, cancellationToken))
        {
            throw new NotFoundException("Training module", request.ModuleId);
        }

        var today = TrustCalendar.LocalDate(clock.GetUtcNow());
        if (!await db.TrainingCompletions.AnyAsync(c => c.PeerWorkerId == workerId && c.ModuleId == moduleId, cancellationToken))
        {
            db.TrainingCompletions.Add(TrainingCompletion.Record(workerId, moduleId, ValidationRules.ParseIsoDate(request.CompletedOn), today));
        }

        var curriculum = await db.TrainingModules.AsNoTracking().ToListAsync(cancellationToken);
        var completed = await db.TrainingCompletions.Where(c => c.PeerWorkerId == workerId).Select(c => c.ModuleId).ToListAsync(cancellationToken);
        completed.Add(moduleId);
        if (worker.UpdateTrainingComplete(Readiness.IsReady(curriculum, completed)))
        {
            var now = clock.GetUtcNow();
            outbox.Add(new PeerWorkerReady(Guid.CreateVersion7(now), now, worker.Id, worker.TeamId));
        }

        await db.SaveChangesAsync(cancellationToken);
        return worker.ToContract();
    }
}
