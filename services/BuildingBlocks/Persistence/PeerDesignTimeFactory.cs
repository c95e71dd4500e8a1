using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PeerPlatform.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add` build a service's model without starting the service: each
/// service declares `class DesignTimeFactory : PeerDesignTimeFactory&lt;ItsDbContext&gt;`.
/// No database is contacted.
/// </summary>
public abstract class PeerDesignTimeFactory<TDbContext> : IDesignTimeDbContextFactory<TDbContext>
    where TDbContext : DbContext
{
    public TDbContext CreateDbContext(string[] args) =>
        (TDbContext)Activator.CreateInstance(typeof(TDbContext),
            new DbContextOptionsBuilder<TDbContext>().UsePeerNpgsql("Host=localhost;Database=design_time").Options)!;
}
