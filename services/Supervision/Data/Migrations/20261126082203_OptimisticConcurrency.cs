using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Supervision.Data.Migrations
{
    /// <inheritdoc />
    public partial class OptimisticConcurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "supervisors",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "supervised_workers",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "sessions",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "partner_organisations",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "concerns",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "agreements",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "xmin",
                table: "supervisors");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "supervised_workers");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "partner_organisations");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "concerns");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "agreements");
        }
    }
}
