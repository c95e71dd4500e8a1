using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Outcomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class EngagementNights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                    admitted_after = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_engagement_nights", x => x.referral_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_engagement_nights_client_id",
                table: "engagement_nights",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_engagement_nights_first_contact_at",
                table: "engagement_nights",
                column: "first_contact_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "engagement_nights");
        }
    }
}
