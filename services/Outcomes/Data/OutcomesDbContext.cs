using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Outcomes.ReadModels;
using PeerPlatform.Outcomes.Records;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Persistence;

namespace PeerPlatform.Outcomes.Data;

/// <summary>
/// Outcomes' read models, built only from other services' events (it never reads their tables),
/// and the data integrators send: hospital spells and questionnaire responses.
/// </summary>
public sealed class OutcomesDbContext(DbContextOptions<OutcomesDbContext> options) : DbContext(options)
{
    public DbSet<ReferralProgress> Referrals => Set<ReferralProgress>();

    public DbSet<WorkerRecord> Workers => Set<WorkerRecord>();

    public DbSet<SupervisionAgreementRecord> SupervisionAgreements => Set<SupervisionAgreementRecord>();

    public DbSet<HeldSupervisionSession> HeldSupervisionSessions => Set<HeldSupervisionSession>();

    public DbSet<HospitalSpell> HospitalSpells => Set<HospitalSpell>();

    public DbSet<StoredResponse> QuestionnaireResponses => Set<StoredResponse>();

    public DbSet<EngagementNights> EngagementNights => Set<EngagementNights>();

    public DbSet<EngagementNightsPending> EngagementNightsPending => Set<EngagementNightsPending>();

    public DbSet<MergedRecord> MergedRecords => Set<MergedRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReferralProgress>(referral =>
        {
            referral.ToTable("referrals");
            referral.HasKey(r => r.ReferralId);
            referral.HasOptimisticConcurrency();
            referral.Property(r => r.ReferralId).ValueGeneratedNever();
            referral.Property(r => r.Source).HasMaxLength(40);
            referral.Property(r => r.Priority).HasMaxLength(20);
            referral.Property(r => r.DeclineOutcome).HasMaxLength(40);
            referral.Property(r => r.EndReason).HasMaxLength(40);
            referral.HasIndex(r => r.Source);
            referral.HasIndex(r => r.ClientId);
            referral.HasIndex(r => r.ReceivedAt);
        });

        modelBuilder.Entity<WorkerRecord>(worker =>
        {
            worker.ToTable("workers");
            worker.HasKey(w => w.WorkerId);
            worker.HasOptimisticConcurrency();
            worker.Property(w => w.WorkerId).ValueGeneratedNever();
        });

        modelBuilder.Entity<SupervisionAgreementRecord>(agreement =>
        {
            agreement.ToTable("supervision_agreements");
            agreement.HasKey(a => a.AgreementId);
            agreement.HasOptimisticConcurrency();
            agreement.Property(a => a.AgreementId).ValueGeneratedNever();
            agreement.Property(a => a.OrganisationId).HasMaxLength(100);
        });

        modelBuilder.Entity<HeldSupervisionSession>(session =>
        {
            session.ToTable("held_supervision_sessions");
            session.HasKey(s => s.SessionId);
            session.Property(s => s.SessionId).ValueGeneratedNever();
            session.Property(s => s.OrganisationId).HasMaxLength(100);
            session.HasIndex(s => new { s.OrganisationId, s.HeldOn });
        });

        modelBuilder.Entity<HospitalSpell>(spell =>
        {
            spell.ToTable("hospital_spells");
            spell.HasKey(s => s.Id);
            spell.HasOptimisticConcurrency();
            spell.Property(s => s.ProviderSpellId).HasMaxLength(100);
            spell.HasIndex(s => s.ProviderSpellId).IsUnique();
            spell.HasIndex(s => new { s.ClientId, s.AdmittedOn });
        });

        modelBuilder.Entity<StoredResponse>(response =>
        {
            response.ToTable("questionnaire_responses");
            response.HasKey(r => r.Id);
            response.Property(r => r.InstrumentId).HasMaxLength(40);
            response.Property(r => r.About).HasMaxLength(40);
            response.Property(r => r.Occasion).HasConversion<string>().HasMaxLength(20);
            response.Property(r => r.ExternalResponseId).HasMaxLength(100);
            response.Property(r => r.RawScore).HasPrecision(9, 4);
            response.Property(r => r.Score).HasPrecision(9, 4);
            response.HasIndex(r => r.ExternalResponseId).IsUnique().HasFilter("external_response_id IS NOT NULL");
            response.HasIndex(r => new { r.InstrumentId, r.SubjectId, r.CompletedOn });
        });

        modelBuilder.Entity<EngagementNights>(nights =>
        {
            nights.ToTable("engagement_nights");
            nights.HasKey(n => n.ReferralId);
            nights.Property(n => n.ReferralId).ValueGeneratedNever();
            nights.HasIndex(n => n.ClientId);
            nights.HasIndex(n => n.FirstContactAt);
            // Finds rows kept for another window setting without reading them all.
            nights.HasIndex(n => n.WindowMonths);
        });

        // Filled by triggers on referrals (migration EngagementNightsPending), emptied by the report's catch-up.
        modelBuilder.Entity<EngagementNightsPending>(pending =>
        {
            pending.ToTable("engagement_nights_pending");
            pending.HasKey(p => p.ReferralId);
            pending.Property(p => p.ReferralId).ValueGeneratedNever();
        });

        modelBuilder.Entity<MergedRecord>(merged =>
        {
            merged.ToTable("merged_records");
            merged.HasKey(m => new { m.MergeId, m.Kind, m.RecordId });
            merged.Property(m => m.Kind).HasMaxLength(40);
        });

        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotentRequests();
        modelBuilder.AddAuditTrail();
    }
}
