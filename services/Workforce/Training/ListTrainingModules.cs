using Microsoft.EntityFrameworkCore;
using PeerPlatform.Workforce.Data;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Training;

/// <summary>The current curriculum (retired modules left out), by name.</summary>
internal sealed class ListTrainingModulesHandler(WorkforceDbContext db)
{
    public async Task<C.ListTrainingModulesResponse> HandleAsync(C.ListTrainingModulesRequest request, CancellationToken cancellationToken)
    {
        var modules = await db.TrainingModules.AsNoTracking().Where(m => !m.Retired).OrderBy(m => m.Name).ToListAsync(cancellationToken);
        var response = new C.ListTrainingModulesResponse();
        response.Modules.AddRange(modules.Select(m => m.ToContract()));
        return response;
    }
}
