using Microsoft.EntityFrameworkCore;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision.Organisations;

/// <summary>A registered partner organisation by id, or not found: shared by the handlers that read or change one.</summary>
internal sealed class OrganisationLookup(SupervisionDbContext db)
{
    public async Task<PartnerOrganisation> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken) ?? throw new NotFoundException("Partner organisation", id);
}
