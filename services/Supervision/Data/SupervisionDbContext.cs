using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision.Data;

/// <summary>The Supervision service's own database. Every partner-owned table carries organisation_id.</summary>
public sealed class SupervisionDbContext(DbContextOptions<SupervisionDbContext> options) : DbContext(options)
{
    public DbSet<PartnerOrganisation> Organisations => Set<PartnerOrganisation>();

    public DbSet<Supervisor> Supervisors => Set<Supervisor>();

    public DbSet<SupervisedWorker> Workers => Set<SupervisedWorker>();

    public DbSet<Agreement> Agreements => Set<Agreement>();

    public DbSet<SupervisionSession> Sessions => Set<SupervisionSession>();

    public DbSet<Concern> Concerns => Set<Concern>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PartnerOrganisation>(organisation =>
        {
            organisation.ToTable("partner_organisations");
            organisation.HasKey(o => o.Id);
            organisation.HasOptimisticConcurrency();
            organisation.Property(o => o.Id).HasMaxLength(100);
            organisation.Property(o => o.Name).HasMaxLength(200);
            organisation.Property(o => o.Kind).HasConversion<string>().HasMaxLength(30);
        });

        modelBuilder.Entity<Supervisor>(supervisor =>
        {
            supervisor.HasKey(s => s.Id);
            supervisor.HasOptimisticConcurrency();
            supervisor.Property(s => s.OrganisationId).HasMaxLength(100);
            supervisor.Property(s => s.GivenName).HasMaxLength(100);
            supervisor.Property(s => s.FamilyName).HasMaxLength(100);
            supervisor.Property(s => s.TrainingCourse).HasMaxLength(200);
            supervisor.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<SupervisedWorker>(worker =>
        {
            worker.ToTable("supervised_workers");
            worker.HasKey(w => w.Id);
            worker.HasOptimisticConcurrency();
            worker.Property(w => w.Id).ValueGeneratedNever();
        });

        modelBuilder.Entity<Agreement>(agreement =>
        {
            agreement.ToTable("agreements");
            agreement.HasKey(a => a.Id);
            agreement.HasOptimisticConcurrency();
            agreement.Property(a => a.OrganisationId).HasMaxLength(100);
            agreement.Property(a => a.EndReason).HasConversion<string>().HasMaxLength(30);
            agreement.Ignore(a => a.Terms);
            agreement.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            agreement.HasOne<SupervisedWorker>().WithMany().HasForeignKey(a => a.WorkerId).OnDelete(DeleteBehavior.Restrict);
            agreement.HasIndex(a => new { a.OrganisationId, a.WorkerId });
            agreement.HasIndex(a => a.WorkerId);
        });

        modelBuilder.Entity<SupervisionSession>(session =>
        {
            session.ToTable("sessions");
            session.HasKey(s => s.Id);
            session.HasOptimisticConcurrency();
            session.Property(s => s.PartnerOrganisationId).HasColumnName("organisation_id").HasMaxLength(100);
            session.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
            session.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
            session.Property(s => s.ConfidentialNotes).HasMaxLength(10_000);
            session.Property(s => s.CancellationReason).HasMaxLength(500);
            session.Ignore(s => s.HasConfidentialContent);
            session.OwnsMany(s => s.Actions, actions => actions.ToJson());
            session.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(s => s.PartnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
            session.HasOne<Supervisor>().WithMany().HasForeignKey(s => s.SupervisorId).OnDelete(DeleteBehavior.Restrict);
            session.HasIndex(s => new { s.PartnerOrganisationId, s.ScheduledFor });
            // Finding a worker's sessions: attendee_worker_ids @> ARRAY[worker].
            session.HasIndex(s => s.AttendeeWorkerIds).HasMethod("gin");
        });

        modelBuilder.Entity<Concern>(concern =>
        {
            concern.ToTable("concerns");
            concern.HasKey(c => c.Id);
            concern.HasOptimisticConcurrency();
            concern.Property(c => c.OrganisationId).HasMaxLength(100);
            concern.Property(c => c.Category).HasConversion<string>().HasMaxLength(30);
            concern.Property(c => c.Urgency).HasConversion<string>().HasMaxLength(20);
            concern.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            concern.Property(c => c.Notes).HasMaxLength(10_000);
            concern.Property(c => c.AcknowledgedBy).HasMaxLength(200);
            concern.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            concern.HasIndex(c => new { c.OrganisationId, c.RaisedAt });
            concern.HasIndex(c => c.Status);
        });

        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotentRequests();
        modelBuilder.AddAuditTrail();
    }
}
