using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;

namespace PeerPlatform.Integrations.Data;

/// <summary>The Integrations service's own database: the event feed, webhook subscriptions and their deliveries.</summary>
public sealed class IntegrationsDbContext(DbContextOptions<IntegrationsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    internal DbSet<PublishedEvent> Events => Set<PublishedEvent>();

    internal DbSet<SupervisedWorkerLink> SupervisedWorkers => Set<SupervisedWorkerLink>();

    internal DbSet<Subscription> Subscriptions => Set<Subscription>();

    internal DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();

    /// <summary>The keys protecting signing secrets, shared by every replica.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PublishedEvent>(published =>
        {
            published.ToTable("published_events");
            published.HasKey(e => e.Sequence);
            published.Property(e => e.Sequence).UseIdentityAlwaysColumn();
            published.HasIndex(e => e.EventId).IsUnique();
            published.Property(e => e.Type).HasMaxLength(60);
            published.Property(e => e.Data).HasColumnType("jsonb");
            // A partner's feed: organisation_ids @> ARRAY[organisation].
            published.HasIndex(e => e.OrganisationIds).HasMethod("gin");
            published.HasIndex(e => e.RecordedAt);
        });

        modelBuilder.Entity<SupervisedWorkerLink>(link =>
        {
            link.ToTable("supervised_worker_links");
            link.HasKey(l => l.AgreementId);
            link.Property(l => l.OrganisationId).HasMaxLength(100);
            link.HasIndex(l => l.WorkerId);
        });

        modelBuilder.Entity<Subscription>(subscription =>
        {
            subscription.ToTable("subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.HasOptimisticConcurrency();
            subscription.Property(s => s.Url).HasMaxLength(Subscription.MaxUrlLength);
            subscription.Property(s => s.Description).HasMaxLength(Subscription.MaxDescriptionLength);
            subscription.Property(s => s.OrganisationId).HasMaxLength(100);
            subscription.Property(s => s.OwnerClientId).HasMaxLength(200);
            subscription.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
            subscription.HasIndex(s => new { s.OwnerClientId, s.CreatedAt });
            subscription.HasIndex(s => new { s.OrganisationId, s.CreatedAt });
        });

        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.EventType).HasMaxLength(60);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            delivery.OwnsMany(d => d.Attempts, attempts => attempts.ToJson());
            delivery.HasOne<Subscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
            // The dispatcher's claim: pending deliveries by due time, and a subject's earlier ones.
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'");
            delivery.HasIndex(d => new { d.SubscriptionId, d.SubjectId, d.EventSequence }).HasFilter("status = 'Pending'");
            delivery.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
        });

        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotentRequests();
    }
}
