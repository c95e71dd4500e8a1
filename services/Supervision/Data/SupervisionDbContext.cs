using Microsoft.EntityFrameworkCore;
using PeerPlatform.Messaging;

namespace PeerPlatform.Supervision.Data;

/// <summary>
/// The Supervision service's own database. It holds the messaging tables now; the domain model
/// arrives with the Supervision capability.
/// </summary>
public sealed class SupervisionDbContext(DbContextOptions<SupervisionDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
    }
}
