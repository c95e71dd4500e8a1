using Microsoft.EntityFrameworkCore;

namespace PeerPlatform.Identity.Data;

/// <summary>OpenIddict's applications (OAuth clients), scopes and tokens.</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
    }
}
