using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Referral.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordsManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_clients_nhs_number",
                table: "clients");

            migrationBuilder.AlterColumn<string>(
                name: "nhs_number",
                table: "clients",
                type: "character(10)",
                fixedLength: true,
                maxLength: 10,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character(10)",
                oldFixedLength: true,
                oldMaxLength: 10);

            migrationBuilder.AddColumn<Guid>(
                name: "merged_into",
                table: "clients",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "client_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    fields = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_client_changes_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "client_merges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    target_client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    moved_referral_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    moved_nhs_number = table.Column<bool>(type: "boolean", nullable: false),
                    merged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    merged_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    undoable_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    undone_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    undone_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    undo_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_merges", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "erased_clients",
                columns: table => new
                {
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    basis = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    referral_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erased_clients", x => x.client_id);
                });

            migrationBuilder.CreateTable(
                name: "erasure_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_on = table.Column<DateOnly>(type: "date", nullable: false),
                    respond_by = table.Column<DateOnly>(type: "date", nullable: false),
                    decision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erasure_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "legal_holds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    placed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    placed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    released_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    release_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legal_holds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "retention_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    ran_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    dry_run = table.Column<bool>(type: "boolean", nullable: false),
                    due = table.Column<int>(type: "integer", nullable: false),
                    erased = table.Column<int>(type: "integer", nullable: false),
                    held = table.Column<int>(type: "integer", nullable: false),
                    ran_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_retention_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "subject_access_exports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failure = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    archive_bytes = table.Column<long>(type: "bigint", nullable: false),
                    leased_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subject_access_exports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "subject_access_export_archives",
                columns: table => new
                {
                    export_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subject_access_export_archives", x => x.export_id);
                    table.ForeignKey(
                        name: "fk_subject_access_export_archives_subject_access_exports_expor",
                        column: x => x.export_id,
                        principalTable: "subject_access_exports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "subject_access_export_parts",
                columns: table => new
                {
                    export_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    json = table.Column<string>(type: "jsonb", nullable: true),
                    record_count = table.Column<int>(type: "integer", nullable: false),
                    gathered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subject_access_export_parts", x => new { x.export_id, x.source });
                    table.ForeignKey(
                        name: "fk_subject_access_export_parts_subject_access_exports_export_id",
                        column: x => x.export_id,
                        principalTable: "subject_access_exports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_clients_merged_into",
                table: "clients",
                column: "merged_into");

            migrationBuilder.CreateIndex(
                name: "ix_clients_nhs_number",
                table: "clients",
                column: "nhs_number",
                unique: true,
                filter: "nhs_number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_client_changes_client_id_changed_at",
                table: "client_changes",
                columns: new[] { "client_id", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_client_merges_source_client_id",
                table: "client_merges",
                column: "source_client_id");

            migrationBuilder.CreateIndex(
                name: "ix_client_merges_target_client_id",
                table: "client_merges",
                column: "target_client_id");

            migrationBuilder.CreateIndex(
                name: "ix_erasure_requests_client_id",
                table: "erasure_requests",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_legal_holds_client_id",
                table: "legal_holds",
                column: "client_id",
                unique: true,
                filter: "released_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_retention_runs_ran_at",
                table: "retention_runs",
                column: "ran_at");

            migrationBuilder.CreateIndex(
                name: "ix_subject_access_exports_client_id",
                table: "subject_access_exports",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_subject_access_exports_status",
                table: "subject_access_exports",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_changes");

            migrationBuilder.DropTable(
                name: "client_merges");

            migrationBuilder.DropTable(
                name: "erased_clients");

            migrationBuilder.DropTable(
                name: "erasure_requests");

            migrationBuilder.DropTable(
                name: "legal_holds");

            migrationBuilder.DropTable(
                name: "retention_runs");

            migrationBuilder.DropTable(
                name: "subject_access_export_archives");

            migrationBuilder.DropTable(
                name: "subject_access_export_parts");

            migrationBuilder.DropTable(
                name: "subject_access_exports");

            migrationBuilder.DropIndex(
                name: "ix_clients_merged_into",
                table: "clients");

            migrationBuilder.DropIndex(
                name: "ix_clients_nhs_number",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "merged_into",
                table: "clients");

            migrationBuilder.AlterColumn<string>(
                name: "nhs_number",
                table: "clients",
                type: "character(10)",
                fixedLength: true,
                maxLength: 10,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character(10)",
                oldFixedLength: true,
                oldMaxLength: 10,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_clients_nhs_number",
                table: "clients",
                column: "nhs_number",
                unique: true);
        }
    }
}
