using Microsoft.EntityFrameworkCore;
using PeerPlatform.Messaging;

namespace PeerPlatform.Workforce.Data;

/// <summary>
/// The Workforce service's own database. It holds the messaging tables now; the domain model
/// arrives with the Workforce capability.
/// </summary>
public sealed class WorkforceDbContext(DbContextOptions<WorkforceDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
    }
}
