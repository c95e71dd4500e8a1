using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Referral.Data.Migrations
{
    /// <inheritdoc />
    public partial class AssignedTeam : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "assigned_team_id",
                table: "referrals",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_assigned_team_id",
                table: "referrals",
                column: "assigned_team_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_received_at",
                table: "referrals",
                column: "received_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_referrals_assigned_team_id",
                table: "referrals");

            migrationBuilder.DropIndex(
                name: "ix_referrals_received_at",
                table: "referrals");

            migrationBuilder.DropColumn(
                name: "assigned_team_id",
                table: "referrals");
        }
    }
}
