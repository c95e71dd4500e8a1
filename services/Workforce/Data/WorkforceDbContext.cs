using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;
using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.Workforce.Data;

/// <summary>The Workforce service's own database.</summary>
public sealed class WorkforceDbContext(DbContextOptions<WorkforceDbContext> options) : DbContext(options)
{
    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Vacancy> Vacancies => Set<Vacancy>();

    public DbSet<Applicant> Applicants => Set<Applicant>();

    public DbSet<TrainingModule> TrainingModules => Set<TrainingModule>();

    public DbSet<TrainingCompletion> TrainingCompletions => Set<TrainingCompletion>();

    public DbSet<PeerWorker> PeerWorkers => Set<PeerWorker>();

    public DbSet<CaseloadReservation> CaseloadReservations => Set<CaseloadReservation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Team>(team =>
        {
            team.HasKey(t => t.Id);
            team.HasOptimisticConcurrency();
            team.Property(t => t.Name).HasMaxLength(200);
            team.Property(t => t.Locality).HasMaxLength(100);
            team.Property(t => t.ServiceLine).HasConversion<string>().HasMaxLength(30);
            team.Property(t => t.RoleDescriptionVersion).HasMaxLength(40);
            team.Property(t => t.RoleDescriptionAgreedBy).HasMaxLength(200);
            team.Ignore(t => t.IsReadyForPeerWorkers);
            team.HasIndex(t => t.Locality);
        });

        modelBuilder.Entity<Vacancy>(vacancy =>
        {
            vacancy.HasKey(v => v.Id);
            vacancy.HasOptimisticConcurrency();
            vacancy.Property(v => v.ContractedHours).HasPrecision(5, 2);
            vacancy.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
            vacancy.HasOne<Team>().WithMany().HasForeignKey(v => v.TeamId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Applicant>(applicant =>
        {
            applicant.HasKey(a => a.Id);
            applicant.HasOptimisticConcurrency();
            applicant.Property(a => a.GivenName).HasMaxLength(100);
            applicant.Property(a => a.FamilyName).HasMaxLength(100);
            applicant.Property(a => a.Stage).HasConversion<string>().HasMaxLength(20);
            applicant.Property(a => a.ReferencesCheck).HasConversion<string>().HasMaxLength(20);
            applicant.Property(a => a.DbsCheck).HasConversion<string>().HasMaxLength(20);
            applicant.Property(a => a.RejectionReason).HasConversion<string>().HasMaxLength(40);
            applicant.Property(a => a.OutcomeNote).HasMaxLength(1000);
            applicant.Ignore(a => a.IsClosed);
            applicant.HasOne<Vacancy>().WithMany().HasForeignKey(a => a.VacancyId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<TrainingModule>(module =>
        {
            module.HasKey(m => m.Id);
            module.HasOptimisticConcurrency();
            module.Property(m => m.Name).HasMaxLength(200);
            module.Property(m => m.Hours).HasPrecision(6, 2);
        });

        modelBuilder.Entity<TrainingCompletion>(completion =>
        {
            completion.HasKey(c => new { c.PeerWorkerId, c.ModuleId });
            completion.HasOne<PeerWorker>().WithMany().HasForeignKey(c => c.PeerWorkerId);
            completion.HasOne<TrainingModule>().WithMany().HasForeignKey(c => c.ModuleId);
        });

        modelBuilder.Entity<PeerWorker>(worker =>
        {
            worker.HasKey(w => w.Id);
            worker.HasOptimisticConcurrency();
            worker.Property(w => w.ContractedHours).HasPrecision(5, 2);
            worker.Property(w => w.Status).HasConversion<string>().HasMaxLength(20);
            worker.Property(w => w.LeavingReason).HasMaxLength(500);
            worker.Property(w => w.Gender).HasMaxLength(40);
            worker.Ignore(w => w.FreeCapacity);
            worker.Ignore(w => w.IsAvailable);
            worker.HasOne<Team>().WithMany().HasForeignKey(w => w.TeamId).OnDelete(DeleteBehavior.Restrict);
            // The last line of defence against overbooking: the database itself refuses it.
            worker.ToTable(t => t.HasCheckConstraint("ck_peer_workers_caseload_within_capacity", "current_caseload >= 0 AND current_caseload <= capacity"));
            worker.HasIndex(w => new { w.TeamId, w.Status });
        });

        modelBuilder.Entity<CaseloadReservation>(reservation =>
        {
            reservation.HasKey(r => r.Id);
            reservation.Property(r => r.IdempotencyKey).HasMaxLength(200);
            reservation.HasIndex(r => r.IdempotencyKey).IsUnique();
            reservation.HasIndex(r => r.PeerWorkerId).HasFilter("released_at IS NULL");
            reservation.HasOne<PeerWorker>().WithMany().HasForeignKey(r => r.PeerWorkerId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotentRequests();
        modelBuilder.AddAuditTrail();
    }
}
