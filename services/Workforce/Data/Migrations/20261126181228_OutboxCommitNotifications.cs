using Microsoft.EntityFrameworkCore.Migrations;
using PeerPlatform.Messaging.Outbox;

#nullable disable

namespace PeerPlatform.Workforce.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxCommitNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.NotifyOutboxCommits();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.StopNotifyingOutboxCommits();
        }
    }
}
