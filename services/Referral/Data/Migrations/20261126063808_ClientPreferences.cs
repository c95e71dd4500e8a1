using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerPlatform.Referral.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClientPreferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "contact_preferences",
                table: "clients",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<List<string>>(
                name: "lived_experience_areas",
                table: "clients",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "locality",
                table: "clients",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "preferred_language",
                table: "clients",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "preferred_worker_gender",
                table: "clients",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "contact_preferences",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "lived_experience_areas",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "locality",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "preferred_language",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "preferred_worker_gender",
                table: "clients");
        }
    }
}
