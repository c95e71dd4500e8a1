using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using PeerPlatform.Security;

namespace PeerPlatform.Auditing;

/// <summary>Records accesses to personal data; see <see cref="AuditTrail{TDbContext}"/>.</summary>
public interface IAuditTrail
{
    void Add(string recordType, string recordId, AuditAction action, AuditOutcome outcome = AuditOutcome.Succeeded);

    Task WriteAsync(string recordType, string recordId, AuditAction action, AuditOutcome outcome, CancellationToken cancellationToken);
}

/// <summary>
/// Writes audit records into the service's own database. <see cref="Add"/> joins the caller's
/// unit of work, so a change and its audit record commit together; <see cref="WriteAsync"/>
/// commits the record on its own (grouped with other callers' records by
/// <see cref="AuditGroupWriter{TDbContext}"/>) and returns once it is durable, for reads and
/// denials where nothing else is saved. It never saves the caller's other changes.
/// </summary>
public sealed class AuditTrail<TDbContext>(TDbContext db, AuditGroupWriter<TDbContext> writer, Caller caller, TimeProvider clock) : IAuditTrail
    where TDbContext : DbContext
{
    public void Add(string recordType, string recordId, AuditAction action, AuditOutcome outcome = AuditOutcome.Succeeded) =>
        db.Set<AuditRecord>().Add(Record(recordType, recordId, action, outcome));

    public Task WriteAsync(string recordType, string recordId, AuditAction action, AuditOutcome outcome, CancellationToken cancellationToken) =>
        writer.WriteAsync(Record(recordType, recordId, action, outcome), cancellationToken);

    private AuditRecord Record(string recordType, string recordId, AuditAction action, AuditOutcome outcome) =>
        new()
        {
            OccurredAt = clock.GetUtcNow(),
            ClientId = caller.ClientId,
            Role = caller.Role,
            PartnerOrganisation = caller.PartnerOrganisation,
            PersonId = caller.PersonId,
            PersonRole = caller.PersonRole,
            RecordType = recordType,
            RecordId = recordId,
            Action = action,
            Outcome = outcome,
            TraceId = Activity.Current?.TraceId.ToString(),
        };
}

public static class AuditModelExtensions
{
    public static ModelBuilder AddAuditTrail(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditRecord>(audit =>
        {
            audit.ToTable("audit_records");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Id).UseIdentityAlwaysColumn();
            audit.Property(a => a.ClientId).HasMaxLength(200);
            audit.Property(a => a.Role).HasMaxLength(40);
            audit.Property(a => a.PartnerOrganisation).HasMaxLength(100);
            audit.Property(a => a.PersonId).HasMaxLength(100);
            audit.Property(a => a.PersonRole).HasMaxLength(40);
            audit.Property(a => a.RecordType).HasMaxLength(60);
            audit.Property(a => a.RecordId).HasMaxLength(100);
            audit.Property(a => a.Action).HasConversion<string>().HasMaxLength(20);
            audit.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
            audit.Property(a => a.TraceId).HasMaxLength(32);
            audit.HasIndex(a => new { a.RecordType, a.RecordId });
            audit.HasIndex(a => a.OccurredAt);
            audit.HasIndex(a => a.PersonId);
        });
        return modelBuilder;
    }

    /// <summary>
    /// Called from the migration that creates audit_records: a trigger refuses UPDATE, DELETE and
    /// TRUNCATE for every role, the table owner included, so the trail can only grow.
    /// </summary>
    public static void MakeAuditTrailAppendOnly(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_records is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END;
            $$;
            CREATE TRIGGER audit_records_no_update_or_delete
                BEFORE UPDATE OR DELETE ON audit_records
                FOR EACH ROW EXECUTE FUNCTION audit_records_append_only();
            CREATE TRIGGER audit_records_no_truncate
                BEFORE TRUNCATE ON audit_records
                FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();
            """);
    }
}
