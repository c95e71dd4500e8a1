using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Referral.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferralLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "assigned_worker_id",
                table: "referrals",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "consent_given",
                table: "referrals",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_recorded_at",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_withdrawn_at",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "referrals",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "first_contact_at",
                table: "referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "information_given_by",
                table: "referrals",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "information_given_on",
                table: "referrals",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "information_method",
                table: "referrals",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reservation_key",
                table: "referrals",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "peer_contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contact_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_minutes = table.Column<int>(type: "integer", nullable: false),
                    mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_peer_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_peer_contacts_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_assigned_worker_id",
                table: "referrals",
                column: "assigned_worker_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_status",
                table: "referrals",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_peer_contacts_referral_id_contact_at",
                table: "peer_contacts",
                columns: new[] { "referral_id", "contact_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "peer_contacts");

            migrationBuilder.DropIndex(
                name: "ix_referrals_assigned_worker_id",
                table: "referrals");

            migrationBuilder.DropIndex(
                name: "ix_referrals_status",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "assigned_worker_id",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "consent_given",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "consent_recorded_at",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "consent_withdrawn_at",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "first_contact_at",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "information_given_by",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "information_given_on",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "information_method",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "reservation_key",
                table: "referrals");
        }
    }
}
