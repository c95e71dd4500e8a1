using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Outcomes.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OutcomesDbContext>
{
    public OutcomesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<OutcomesDbContext>().UsePeerNpgsql("Host=localhost;Database=design_time").Options);
}
