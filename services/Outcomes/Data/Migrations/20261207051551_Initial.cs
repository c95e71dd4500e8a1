using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using PeerPlatform.Auditing;
using PeerPlatform.Messaging.Outbox;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PeerPlatform.Outcomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    client_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    partner_organisation = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    record_type = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    record_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    trace_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "engagement_nights",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_contact_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_on = table.Column<DateOnly>(type: "date", nullable: false),
                    days_to_first_contact = table.Column<int>(type: "integer", nullable: true),
                    window_months = table.Column<int>(type: "integer", nullable: false),
                    nights_before = table.Column<int>(type: "integer", nullable: false),
                    nights_after = table.Column<int>(type: "integer", nullable: false),
                    admitted_before = table.Column<bool>(type: "boolean", nullable: false),
                    admitted_after = table.Column<bool>(type: "boolean", nullable: false),
                    admissions_before = table.Column<int>(type: "integer", nullable: false),
                    admissions_after = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_engagement_nights", x => x.referral_id);
                });

            migrationBuilder.CreateTable(
                name: "engagement_nights_pending",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_engagement_nights_pending", x => x.referral_id);
                });

            migrationBuilder.CreateTable(
                name: "held_supervision_sessions",
                columns: table => new
                {
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    worker_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_held_supervision_sessions", x => x.session_id);
                });

            migrationBuilder.CreateTable(
                name: "hospital_spells",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_spell_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    admitted_on = table.Column<DateOnly>(type: "date", nullable: false),
                    discharged_on = table.Column<DateOnly>(type: "date", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hospital_spells", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotent_requests",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    method = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    response = table.Column<byte[]>(type: "bytea", nullable: true),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotent_requests", x => new { x.client_id, x.method, x.key });
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    message_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    trace_parent = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    trace_state = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "questionnaire_responses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instrument_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    instrument_version = table.Column<int>(type: "integer", nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    about = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    occasion = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    completed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    answers = table.Column<List<int>>(type: "integer[]", nullable: false),
                    raw_score = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    score = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    external_response_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_questionnaire_responses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    priority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    information_given_on = table.Column<DateOnly>(type: "date", nullable: true),
                    consented = table.Column<bool>(type: "boolean", nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decline_outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    worker_id = table.Column<Guid>(type: "uuid", nullable: true),
                    worker_assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_contact_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    end_reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals", x => x.referral_id);
                });

            migrationBuilder.CreateTable(
                name: "supervision_agreements",
                columns: table => new
                {
                    agreement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    worker_id = table.Column<Guid>(type: "uuid", nullable: false),
                    frequency_days = table.Column<int>(type: "integer", nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: true),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervision_agreements", x => x.agreement_id);
                });

            migrationBuilder.CreateTable(
                name: "workers",
                columns: table => new
                {
                    worker_id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    started_on = table.Column<DateOnly>(type: "date", nullable: true),
                    left_on = table.Column<DateOnly>(type: "date", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workers", x => x.worker_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_occurred_at",
                table: "audit_records",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_record_type_record_id",
                table: "audit_records",
                columns: new[] { "record_type", "record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_engagement_nights_client_id",
                table: "engagement_nights",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_engagement_nights_first_contact_at",
                table: "engagement_nights",
                column: "first_contact_at");

            migrationBuilder.CreateIndex(
                name: "ix_engagement_nights_window_months",
                table: "engagement_nights",
                column: "window_months");

            migrationBuilder.CreateIndex(
                name: "ix_held_supervision_sessions_organisation_id_held_on",
                table: "held_supervision_sessions",
                columns: new[] { "organisation_id", "held_on" });

            migrationBuilder.CreateIndex(
                name: "ix_hospital_spells_client_id_admitted_on",
                table: "hospital_spells",
                columns: new[] { "client_id", "admitted_on" });

            migrationBuilder.CreateIndex(
                name: "ix_hospital_spells_provider_spell_id",
                table: "hospital_spells",
                column: "provider_spell_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_idempotent_requests_claimed_at",
                table: "idempotent_requests",
                column: "claimed_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                columns: new[] { "occurred_at", "id" },
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_questionnaire_responses_external_response_id",
                table: "questionnaire_responses",
                column: "external_response_id",
                unique: true,
                filter: "external_response_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_questionnaire_responses_instrument_id_subject_id_completed_",
                table: "questionnaire_responses",
                columns: new[] { "instrument_id", "subject_id", "completed_on" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_client_id",
                table: "referrals",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_received_at",
                table: "referrals",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_source",
                table: "referrals",
                column: "source");

            // Not in the model: the audit trail refuses UPDATE and DELETE, and every outbox commit
            // wakes the relay (NOTIFY).
            migrationBuilder.MakeAuditTrailAppendOnly();
            migrationBuilder.NotifyOutboxCommits();

            // Every insert, and every change of a referral's client, received or first-contact
            // instant, queues its engagement for the report's catch-up, in the same transaction.
            // Inserts are handled per statement (a bulk load queues its rows in one go); updates per
            // row, only when one of those columns changed.
            migrationBuilder.Sql("""
                CREATE FUNCTION engagement_nights_queue_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO engagement_nights_pending (referral_id)
                    SELECT referral_id FROM inserted WHERE first_contact_at IS NOT NULL
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION engagement_nights_queue_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO engagement_nights_pending (referral_id) VALUES (NEW.referral_id) ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER referrals_queue_engagement_nights_inserted AFTER INSERT ON referrals
                    REFERENCING NEW TABLE AS inserted
                    FOR EACH STATEMENT EXECUTE FUNCTION engagement_nights_queue_inserted();

                CREATE TRIGGER referrals_queue_engagement_nights_updated AFTER UPDATE OF client_id, received_at, first_contact_at ON referrals
                    FOR EACH ROW
                    WHEN (NEW.first_contact_at IS NOT NULL AND (OLD.client_id IS DISTINCT FROM NEW.client_id
                          OR OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.first_contact_at IS DISTINCT FROM NEW.first_contact_at))
                    EXECUTE FUNCTION engagement_nights_queue_updated();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER referrals_queue_engagement_nights_updated ON referrals;
                DROP TRIGGER referrals_queue_engagement_nights_inserted ON referrals;
                DROP FUNCTION engagement_nights_queue_updated();
                DROP FUNCTION engagement_nights_queue_inserted();
                """);
            migrationBuilder.StopNotifyingOutboxCommits();

            migrationBuilder.DropTable(
                name: "audit_records");

            migrationBuilder.DropTable(
                name: "engagement_nights");

            migrationBuilder.DropTable(
                name: "engagement_nights_pending");

            migrationBuilder.DropTable(
                name: "held_supervision_sessions");

            migrationBuilder.DropTable(
                name: "hospital_spells");

            migrationBuilder.DropTable(
                name: "idempotent_requests");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "questionnaire_responses");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "supervision_agreements");

            migrationBuilder.DropTable(
                name: "workers");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_records_append_only();");
        }
    }
}
