using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Data;

namespace PeerPlatform.IntegrationTests.Database;

/// <summary>
/// Database:Migrations on a real PostgreSQL: the migration job (ApplyAndExit) applies the
/// schema, and the serving process (Verify) refuses a database the job has not migrated. A
/// database made by another version of the code (a .data/ kept from an older checkout, or from
/// before the migrations were squashed) is refused at once, saying what to do, instead of being
/// retried for two minutes while the suite waits.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class MigrationModeTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task The_service_refuses_a_database_until_its_migration_job_has_run()
    {
        var database = infrastructure.NewDatabaseName("referral_job");
        using var service = ServiceHosts.BuildReferral(infrastructure, database, settings =>
        {
            settings["Database:Migrations"] = "Verify";
            settings["Database:MigrationTimeoutSeconds"] = "1";
        });
        using var job = ServiceHosts.BuildReferral(infrastructure, database, settings => settings["Database:Migrations"] = "ApplyAndExit");
        Assert.False(service.IsMigrationJob());
        Assert.True(job.IsMigrationJob());

        var refused = await Assert.ThrowsAsync<DatabaseBehindException>(() => service.PrepareDatabaseAsync<ReferralDbContext>());
        Assert.Contains("migration job", refused.Message, StringComparison.Ordinal);

        await job.PrepareDatabaseAsync<ReferralDbContext>();
        await service.PrepareDatabaseAsync<ReferralDbContext>();

        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReferralDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Referrals.CountAsync());
    }

    private const string Hint = "It holds only local development data: move it aside.";

    [Fact]
    public async Task A_database_whose_history_lists_migrations_the_code_does_not_have_is_refused_at_once()
    {
        var database = infrastructure.NewDatabaseName("referral_unknown");
        using var job = ServiceHosts.BuildReferral(infrastructure, database, settings =>
        {
            settings["Database:Migrations"] = "ApplyAndExit";
            settings["Database:IncompatibleHint"] = Hint;
        });
        await job.PrepareDatabaseAsync<ReferralDbContext>();
        // As a database migrated before the migrations were squashed into one would look.
        await ExecuteAsync(job, (id, version) => $"INSERT INTO __ef_migrations_history ({id}, {version}) VALUES ('20250101000000_SquashedAway', '10.0.0')");
        using var service = ServiceHosts.BuildReferral(infrastructure, database, settings =>
        {
            settings["Database:Migrations"] = "Verify";
            settings["Database:IncompatibleHint"] = Hint;
        });

        foreach (var host in new[] { job, service })
        {
            var waited = Stopwatch.StartNew();
            var refused = await Assert.ThrowsAsync<DatabaseIncompatibleException>(() => host.PrepareDatabaseAsync<ReferralDbContext>());
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"refused after {waited.Elapsed.TotalSeconds:0} s: it was retried");
            Assert.Contains($"'{database}'", refused.Message, StringComparison.Ordinal);
            Assert.Contains("20250101000000_SquashedAway", refused.Message, StringComparison.Ordinal);
            Assert.EndsWith(Hint, refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_pending_migration_that_PostgreSQL_refuses_fails_at_once_naming_the_error()
    {
        var database = infrastructure.NewDatabaseName("referral_refused");
        using var job = ServiceHosts.BuildReferral(infrastructure, database, settings =>
        {
            settings["Database:Migrations"] = "ApplyAndExit";
            settings["Database:IncompatibleHint"] = Hint;
        });
        await job.PrepareDatabaseAsync<ReferralDbContext>();
        // The schema is there but the history forgot the first migration: applying it again
        // creates tables that exist, as a migration meeting an older schema or data fails.
        string first;
        await using (var scope = job.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<ReferralDbContext>().Database.GetMigrations().First();
        }

        await ExecuteAsync(job, (id, _) => $"DELETE FROM __ef_migrations_history WHERE {id} = '{first}'");

        var waited = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<DatabaseIncompatibleException>(() => job.PrepareDatabaseAsync<ReferralDbContext>());

        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"refused after {waited.Elapsed.TotalSeconds:0} s: it was retried");
        Assert.Contains(first, refused.Message, StringComparison.Ordinal);
        Assert.Contains(PostgresErrorCodes.DuplicateTable, refused.Message, StringComparison.Ordinal);
        Assert.EndsWith(Hint, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs SQL on the host's database, given the history table's id and version column names (quoted).</summary>
    private static async Task ExecuteAsync(Microsoft.Extensions.Hosting.IHost host, Func<string, string, string> sql)
    {
        string connectionString;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<ReferralDbContext>().Database.GetConnectionString()!;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var query = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_name = '__ef_migrations_history' ORDER BY ordinal_position", connection))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add($"\"{reader.GetString(0)}\"");
            }
        }

        await using var command = new NpgsqlCommand(sql(columns[0], columns[1]), connection);
        await command.ExecuteNonQueryAsync();
    }
}
