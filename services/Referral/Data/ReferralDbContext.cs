using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Domain;

namespace PeerPlatform.Referral.Data;

public sealed class ReferralDbContext(DbContextOptions<ReferralDbContext> options) : DbContext(options)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public DbSet<Client> Clients => Set<Client>();

    public DbSet<Domain.Referral> Referrals => Set<Domain.Referral>();

    public DbSet<PeerContact> PeerContacts => Set<PeerContact>();

    public DbSet<ClientChange> ClientChanges => Set<ClientChange>();

    public DbSet<ClientMerge> ClientMerges => Set<ClientMerge>();

    public DbSet<LegalHold> LegalHolds => Set<LegalHold>();

    public DbSet<ErasureRequest> ErasureRequests => Set<ErasureRequest>();

    public DbSet<ErasedClient> ErasedClients => Set<ErasedClient>();

    public DbSet<RetentionRunRecord> RetentionRuns => Set<RetentionRunRecord>();

    public DbSet<SubjectAccessExport> SubjectAccessExports => Set<SubjectAccessExport>();

    public DbSet<ExportArchive> ExportArchives => Set<ExportArchive>();

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
            // Clients referred without a number (not yet traced) have none.
            client.HasIndex(c => c.NhsNumber).IsUnique().HasFilter("nhs_number IS NOT NULL");
            client.HasIndex(c => c.MergedInto);
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
            referral.Property(r => r.RequesterIdentifier).HasMaxLength(300);
            referral.HasIndex(r => r.RequesterIdentifier).IsUnique().HasFilter("requester_identifier IS NOT NULL");
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

        modelBuilder.Entity<ClientChange>(change =>
        {
            change.ToTable("client_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.ChangedBy).HasMaxLength(200);
            change.Property(c => c.Reason).HasMaxLength(500);
            change.Property(c => c.Fields).HasColumnType("jsonb").HasConversion(
                fields => JsonSerializer.Serialize(fields, JsonOptions),
                json => JsonSerializer.Deserialize<List<ClientFieldChange>>(json, JsonOptions) ?? new List<ClientFieldChange>(),
                new ValueComparer<List<ClientFieldChange>>((a, b) => a!.SequenceEqual(b!), f => f.Count, f => f.ToList()));
            change.HasOne<Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
            change.HasIndex(c => new { c.ClientId, c.ChangedAt });
        });

        modelBuilder.Entity<ClientMerge>(merge =>
        {
            merge.ToTable("client_merges");
            merge.HasKey(m => m.Id);
            merge.Property(m => m.MergedBy).HasMaxLength(200);
            merge.Property(m => m.UndoneBy).HasMaxLength(200);
            merge.Property(m => m.Reason).HasMaxLength(500);
            merge.Property(m => m.UndoReason).HasMaxLength(500);
            merge.HasIndex(m => m.SourceClientId);
            merge.HasIndex(m => m.TargetClientId);
        });

        modelBuilder.Entity<LegalHold>(hold =>
        {
            hold.ToTable("legal_holds");
            hold.HasKey(h => h.Id);
            hold.Property(h => h.Reason).HasMaxLength(500);
            hold.Property(h => h.ReleaseReason).HasMaxLength(500);
            hold.Property(h => h.PlacedBy).HasMaxLength(200);
            hold.Property(h => h.ReleasedBy).HasMaxLength(200);
            hold.Ignore(h => h.Stands);
            // At most one standing hold per client.
            hold.HasIndex(h => h.ClientId).IsUnique().HasFilter("released_at IS NULL");
        });

        modelBuilder.Entity<ErasureRequest>(request =>
        {
            request.ToTable("erasure_requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.Decision).HasConversion<string>().HasMaxLength(20);
            request.Property(r => r.Reason).HasMaxLength(1000);
            request.Property(r => r.DecidedBy).HasMaxLength(200);
            request.HasIndex(r => r.ClientId);
        });

        modelBuilder.Entity<ErasedClient>(erased =>
        {
            erased.ToTable("erased_clients");
            erased.HasKey(e => e.ClientId);
            erased.Property(e => e.ClientId).ValueGeneratedNever();
            erased.Property(e => e.Basis).HasMaxLength(40);
        });

        modelBuilder.Entity<RetentionRunRecord>(run =>
        {
            run.ToTable("retention_runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.RanBy).HasMaxLength(200);
            run.HasIndex(r => r.RanAt);
        });

        modelBuilder.Entity<SubjectAccessExport>(export =>
        {
            export.ToTable("subject_access_exports");
            export.HasKey(e => e.Id);
            export.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
            export.Property(e => e.RequestedBy).HasMaxLength(200);
            export.Property(e => e.Failure).HasMaxLength(1000);
            export.HasIndex(e => e.Status);
            export.HasIndex(e => e.ClientId);
            export.HasMany(e => e.Parts).WithOne().HasForeignKey(p => p.ExportId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ExportArchive>(archive =>
        {
            archive.ToTable("subject_access_export_archives");
            archive.HasKey(a => a.ExportId);
            archive.HasOne<SubjectAccessExport>().WithOne().HasForeignKey<ExportArchive>(a => a.ExportId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ExportPart>(part =>
        {
            part.ToTable("subject_access_export_parts");
            part.HasKey(p => new { p.ExportId, p.Source });
            part.Property(p => p.Source).HasMaxLength(40);
            part.Property(p => p.Json).HasColumnType("jsonb");
            part.Property(p => p.LastError).HasMaxLength(500);
        });

        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotentRequests();
        modelBuilder.AddAuditTrail();
    }
}
