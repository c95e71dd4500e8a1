using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Identity.People;

namespace PeerPlatform.Identity.Data;

/// <summary>
/// OpenIddict's applications (OAuth clients), authorizations and tokens; the people who sign in
/// (ASP.NET Core Identity's tables, prefixed "people_"); the data-protection keys that protect the
/// sign-in cookie and forms, shared by every Identity replica; and the audit trail of changes to people.
/// </summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options)
    : IdentityUserContext<Person>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.AddAuditTrail();

        modelBuilder.Entity<Person>(person =>
        {
            person.ToTable("people");
            person.Property(p => p.DisplayName).HasMaxLength(200);
            person.Property(p => p.PersonRole).HasMaxLength(40);
            person.Property(p => p.PartnerOrganisation).HasMaxLength(100);
            person.HasIndex(p => p.PartnerOrganisation);
        });
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>>().ToTable("people_claims");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>().ToTable("people_logins");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>().ToTable("people_tokens");
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}
