using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Outcomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class EngagementAdmissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "admissions_after",
                table: "engagement_nights",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "admissions_before",
                table: "engagement_nights",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // The kept rows predate the admission counts: queue every engagement so the next report
            // recomputes them (the catch-up rewrites only rows whose referral changed).
            migrationBuilder.Sql("""
                DELETE FROM engagement_nights;
                INSERT INTO engagement_nights_pending (referral_id)
                SELECT referral_id FROM referrals WHERE first_contact_at IS NOT NULL
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "admissions_after",
                table: "engagement_nights");

            migrationBuilder.DropColumn(
                name: "admissions_before",
                table: "engagement_nights");
        }
    }
}
