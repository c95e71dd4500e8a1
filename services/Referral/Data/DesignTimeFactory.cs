using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Referral.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ReferralDbContext>
{
    public ReferralDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReferralDbContext>().UsePeerNpgsql("Host=localhost;Database=design_time").Options);
}
