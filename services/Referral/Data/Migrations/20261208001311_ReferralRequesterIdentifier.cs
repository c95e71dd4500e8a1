using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Referral.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReferralRequesterIdentifier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "requester_identifier",
                table: "referrals",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_requester_identifier",
                table: "referrals",
                column: "requester_identifier",
                unique: true,
                filter: "requester_identifier IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_referrals_requester_identifier",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "requester_identifier",
                table: "referrals");
        }
    }
}
