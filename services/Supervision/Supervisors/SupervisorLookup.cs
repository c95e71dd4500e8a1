using Microsoft.EntityFrameworkCore;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision.Supervisors;

/// <summary>One of the caller's own supervisors, tracked for a change, or not found: shared by the handlers that change one.</summary>
internal sealed class SupervisorLookup(PartnerScope scope)
{
    public async Task<Supervisor> FindAsync(string id, CancellationToken cancellationToken)
    {
        var supervisorId = Guid.Parse(id);
        return await scope.Supervisors.SingleOrDefaultAsync(s => s.Id == supervisorId, cancellationToken)
            ?? throw new NotFoundException("Supervisor", id);
    }
}
