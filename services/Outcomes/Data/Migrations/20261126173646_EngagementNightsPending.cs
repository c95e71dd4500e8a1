using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Outcomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class EngagementNightsPending : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "ix_engagement_nights_window_months",
                table: "engagement_nights",
                column: "window_months");

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

                -- What the report used to find by comparing every engagement: queue them all once.
                INSERT INTO engagement_nights_pending (referral_id)
                SELECT referral_id FROM referrals WHERE first_contact_at IS NOT NULL;
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

            migrationBuilder.DropTable(
                name: "engagement_nights_pending");

            migrationBuilder.DropIndex(
                name: "ix_engagement_nights_window_months",
                table: "engagement_nights");
        }
    }
}
