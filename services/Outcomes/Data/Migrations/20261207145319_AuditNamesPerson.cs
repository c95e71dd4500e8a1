using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Outcomes.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditNamesPerson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "person_id",
                table: "audit_records",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "person_role",
                table: "audit_records",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_person_id",
                table: "audit_records",
                column: "person_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_records_person_id",
                table: "audit_records");

            migrationBuilder.DropColumn(
                name: "person_id",
                table: "audit_records");

            migrationBuilder.DropColumn(
                name: "person_role",
                table: "audit_records");
        }
    }
}
