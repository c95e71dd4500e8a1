using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Persistence;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Training;

internal sealed class CreateTrainingModuleValidator : AbstractValidator<C.CreateTrainingModuleRequest>
{
    public CreateTrainingModuleValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Hours).GreaterThan(0).LessThanOrEqualTo(500);
    }
}

/// <summary>Adds a module to the curriculum; a new mandatory module makes every worker not yet trained in it.</summary>
internal sealed class CreateTrainingModuleHandler(WorkforceDbContext db, TimeProvider clock)
{
    public async Task<C.TrainingModule> HandleAsync(C.CreateTrainingModuleRequest request, CancellationToken cancellationToken)
    {
        var module = TrainingModule.Create(request.Name, request.Mandatory, (decimal)request.Hours, clock.GetUtcNow());
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
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
}
