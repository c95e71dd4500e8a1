using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using PeerPlatform.Auditing;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PeerPlatform.Outcomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutcomesReadModelsSpellsQuestionnaires : Migration
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
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hospital_spells", x => x.id);
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
                    end_reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
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
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true)
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
                    left_on = table.Column<DateOnly>(type: "date", nullable: true)
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

            // The referral read model grows from "received" to the whole journey: keep what was counted.
            migrationBuilder.Sql("""
                INSERT INTO referrals (referral_id, client_id, source, priority, received_at)
                SELECT referral_id, client_id, source, priority, received_at FROM received_referrals;
                """);
            migrationBuilder.DropTable(
                name: "received_referrals");

            migrationBuilder.MakeAuditTrailAppendOnly();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_records");

            migrationBuilder.DropTable(
                name: "held_supervision_sessions");

            migrationBuilder.DropTable(
                name: "hospital_spells");

            migrationBuilder.DropTable(
                name: "questionnaire_responses");

            migrationBuilder.DropTable(
                name: "supervision_agreements");

            migrationBuilder.DropTable(
                name: "workers");

            migrationBuilder.CreateTable(
                name: "received_referrals",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    priority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_received_referrals", x => x.referral_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_received_referrals_source",
                table: "received_referrals",
                column: "source");

            migrationBuilder.Sql("""
                INSERT INTO received_referrals (referral_id, client_id, source, priority, received_at)
                SELECT referral_id, client_id, source, priority, received_at FROM referrals
                WHERE client_id IS NOT NULL AND source IS NOT NULL AND priority IS NOT NULL AND received_at IS NOT NULL;
                """);
            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_records_append_only();");
        }
    }
}
