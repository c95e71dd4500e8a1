using Microsoft.EntityFrameworkCore;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.Workforce.Teams;

internal static class TeamLookup
{
    /// <summary>The team with this id, tracked, or NotFound.</summary>
    public static async Task<Team> FindTeamAsync(this WorkforceDbContext db, string id, CancellationToken cancellationToken) =>
        await db.Teams.SingleOrDefaultAsync(t => t.Id == Guid.Parse(id), cancellationToken)
        ?? throw new NotFoundException("Team", id);
}
