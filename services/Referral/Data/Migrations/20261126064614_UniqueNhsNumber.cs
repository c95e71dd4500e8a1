using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Referral.Data.Migrations
{
    /// <inheritdoc />
    public partial class UniqueNhsNumber : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_clients_nhs_number",
                table: "clients");

            migrationBuilder.CreateIndex(
                name: "ix_clients_nhs_number",
                table: "clients",
                column: "nhs_number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_clients_nhs_number",
                table: "clients");

            migrationBuilder.CreateIndex(
                name: "ix_clients_nhs_number",
                table: "clients",
                column: "nhs_number");
        }
    }
}
