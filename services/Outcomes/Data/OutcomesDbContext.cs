using Microsoft.EntityFrameworkCore;
using PeerPlatform.Messaging;
using PeerPlatform.Outcomes.Referrals;

namespace PeerPlatform.Outcomes.Data;

/// <summary>Outcomes' read models, built only from other services' events; it never reads their tables.</summary>
public sealed class OutcomesDbContext(DbContextOptions<OutcomesDbContext> options) : DbContext(options)
{
    public DbSet<ReceivedReferral> ReceivedReferrals => Set<ReceivedReferral>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReceivedReferral>(referral =>
        {
            referral.HasKey(r => r.ReferralId);
            referral.Property(r => r.ReferralId).ValueGeneratedNever();
            referral.Property(r => r.Source).HasMaxLength(40);
            referral.Property(r => r.Priority).HasMaxLength(20);
            referral.HasIndex(r => r.Source);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
