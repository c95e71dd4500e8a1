using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Domain;

namespace PeerPlatform.Referral.Data;

public sealed class ReferralDbContext(DbContextOptions<ReferralDbContext> options) : DbContext(options)
{
    public DbSet<Client> Clients => Set<Client>();

    public DbSet<Domain.Referral> Referrals => Set<Domain.Referral>();

    public DbSet<PeerContact> PeerContacts => Set<PeerContact>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Client>(client =>
        {
            client.HasKey(c => c.Id);
            client.HasOptimisticConcurrency();
            client.Property(c => c.GivenName).HasMaxLength(100);
            client.Property(c => c.FamilyName).HasMaxLength(100);
            client.Property(c => c.NhsNumber).HasMaxLength(10).IsFixedLength();
            // One client per NHS number: a second registration is refused, naming the first.
            client.HasIndex(c => c.NhsNumber).IsUnique();
            client.Property(c => c.Locality).HasMaxLength(100);
            client.Property(c => c.ContactPreferences).HasMaxLength(500);
            client.Property(c => c.PreferredWorkerGender).HasMaxLength(40);
            client.Property(c => c.PreferredLanguage).HasMaxLength(60);
        });

        modelBuilder.Entity<Domain.Referral>(referral =>
        {
            referral.HasKey(r => r.Id);
            referral.HasOptimisticConcurrency();
            referral.Property(r => r.Source).HasConversion<string>().HasMaxLength(40);
            referral.Property(r => r.Priority).HasConversion<string>().HasMaxLength(20);
            referral.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
            referral.Property(r => r.Reason).HasMaxLength(2000);
            referral.OwnsOne(r => r.Referrer, referrer =>
            {
                referrer.Property(x => x.Name).HasMaxLength(200);
                referrer.Property(x => x.Organisation).HasMaxLength(200);
                referrer.Property(x => x.Role).HasMaxLength(100);
            });
            referral.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Restrict);
            referral.HasMany(r => r.History).WithOne().HasForeignKey(h => h.ReferralId);
            referral.Navigation(r => r.History).HasField("history").UsePropertyAccessMode(PropertyAccessMode.Field);
            referral.HasIndex(r => r.ClientId);
            referral.HasIndex(r => r.Status);
            referral.HasIndex(r => r.AssignedWorkerId);
            referral.Property(r => r.InformationGivenBy).HasMaxLength(200);
            referral.Property(r => r.InformationMethod).HasConversion<string>().HasMaxLength(20);
            referral.Property(r => r.ReservationKey).HasMaxLength(200);
            referral.Property(r => r.EndReason).HasConversion<string>().HasMaxLength(40);
            referral.Ignore(r => r.IsClosed);
            referral.Ignore(r => r.MatchCount);
            referral.Ignore(r => r.DaysToFirstContact);
            referral.HasIndex(r => r.AssignedTeamId);
            referral.HasIndex(r => r.ReceivedAt);
        });

        modelBuilder.Entity<PeerContact>(contact =>
        {
            contact.ToTable("peer_contacts");
            contact.HasKey(c => c.Id);
            contact.Property(c => c.Mode).HasConversion<string>().HasMaxLength(20);
            contact.Property(c => c.Notes).HasMaxLength(4000);
            contact.Property(c => c.RecordedBy).HasMaxLength(200);
            contact.HasOne<Domain.Referral>().WithMany().HasForeignKey(c => c.ReferralId);
            contact.HasIndex(c => new { c.ReferralId, c.ContactAt });
        });

        modelBuilder.Entity<ReferralStatusChange>(change =>
        {
            change.ToTable("referral_status_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.FromStatus).HasConversion<string>().HasMaxLength(30);
            change.Property(c => c.ToStatus).HasConversion<string>().HasMaxLength(30);
            change.Property(c => c.ChangedBy).HasMaxLength(200);
            change.Property(c => c.Reason).HasMaxLength(2000);
        });

        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotentRequests();
        modelBuilder.AddAuditTrail();
    }
}
