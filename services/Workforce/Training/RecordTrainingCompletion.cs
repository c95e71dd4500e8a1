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

internal sealed class RecordTrainingCompletionValidator : AbstractValidator<C.RecordTrainingCompletionRequest>
{
    public RecordTrainingCompletionValidator()
    {
        RuleFor(r => r.WorkerId).RecordId("a worker");
        RuleFor(r => r.ModuleId).RecordId("a training module");
        RuleFor(r => r.CompletedOn).IsoDate();
    }
}

/// <summary>Records a completion (again is harmless) and emits PeerWorkerReady when it completes the mandatory set.</summary>
internal sealed class RecordTrainingCompletionHandler(WorkforceDbContext db, Outbox<WorkforceDbContext> outbox, TimeProvider clock)
{
    public async Task<C.PeerWorker> HandleAsync(C.RecordTrainingCompletionRequest request, CancellationToken cancellationToken)
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
            db.TrainingCompletions.Add(TrainingCompletion.Record(workerId, moduleId, IsoDates.ParseIsoDate(request.CompletedOn), today));
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
