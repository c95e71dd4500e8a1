using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Workforce.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<WorkforceDbContext>
{
    public WorkforceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkforceDbContext>().UsePeerNpgsql("Host=localhost;Database=design_time").Options);
}
