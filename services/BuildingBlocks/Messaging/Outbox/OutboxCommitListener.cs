using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;

namespace PeerPlatform.Messaging.Outbox;

/// <summary>
/// Wakes the relay when any connection commits outbox rows: this service's own requests, another
/// replica, a migration, an operator's script, a transaction a caller opened. A trigger on
/// <c>outbox_messages</c> notifies channel <c>outbox_messages</c>, which PostgreSQL delivers at
/// commit (never for a rollback); this service listens on its own connection. The relay's poll
/// covers anything missed while the listener reconnects, and a reconnect wakes the relay at once,
/// which is also how a relay backing off from a database outage learns the database is back.
/// </summary>
internal sealed class OutboxCommitListener<TDbContext>(IServiceScopeFactory scopes, OutboxSignal signal, ILogger<OutboxCommitListener<TDbContext>> logger)
    : BackgroundService
    where TDbContext : DbContext
{
    public const string Channel = "outbox_messages";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<TDbContext>().Database.GetConnectionString()
                ?? throw new InvalidOperationException($"{typeof(TDbContext).Name} has no connection string to listen on.");
        }

        // A dedicated, unpooled connection; keepalives notice a connection that died silently.
        var listening = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(listening, () => failures = 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                logger.LogWarning("Listening for outbox commits failed ({ExceptionType}); attempt {Failures}, relying on the relay's poll meanwhile",
                    exception.GetType().Name, failures);
                try
                {
                    // Short: while listening is down, new events wait for the relay's poll.
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, failures)), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListenAsync(string connectionString, Action listening, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, _) => signal.Notify();
        // Not traced: a span for LISTEN would be a root trace per reconnect, of no use to anyone.
        using (SuppressInstrumentationScope.Begin())
        {
            await connection.OpenAsync(stoppingToken);
            await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        listening();
        // Commits made while the listener was away are found now rather than at the next poll.
        signal.Notify();
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }
}

public static class OutboxMigrations
{
    /// <summary>
    /// Called from a migration of every service with an outbox: each statement that inserts
    /// outbox rows notifies <see cref="OutboxCommitListener{TDbContext}.Channel"/>; PostgreSQL
    /// delivers it when the transaction commits (and folds a transaction's notifications into one).
    /// </summary>
    public static void NotifyOutboxCommits(this MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE FUNCTION outbox_messages_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('outbox_messages', '');
            RETURN NULL;
        END $$;
        CREATE TRIGGER outbox_messages_notify AFTER INSERT ON outbox_messages
            FOR EACH STATEMENT EXECUTE FUNCTION outbox_messages_notify();
        """);

    public static void StopNotifyingOutboxCommits(this MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DROP TRIGGER outbox_messages_notify ON outbox_messages;
        DROP FUNCTION outbox_messages_notify();
        """);
}
