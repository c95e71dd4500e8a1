using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Supervision.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SupervisionDbContext>
{
    public SupervisionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SupervisionDbContext>().UsePeerNpgsql("Host=localhost;Database=design_time").Options);
}
