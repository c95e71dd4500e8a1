using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;

namespace PeerPlatform.IntegrationTests.Database;

/// <summary>
/// The restore drill of docs/deployment.md, run for real: a service's database is dumped with
/// pg_dump, dropped, created empty and restored with pg_restore. Its rows and audit trail come
/// back unchanged, the trail is still append-only, and the service serves from it again.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class BackupRestoreTests(InfrastructureFixture infrastructure)
{
    private const string Fingerprint = """
        SELECT (SELECT count(*) FROM referrals) || '/' || (SELECT count(*) FROM audit_records) || '/' ||
               (SELECT count(*) FROM outbox_messages) || '/' ||
               coalesce((SELECT md5(string_agg(id::text || ':' || status::text || ':' || client_id::text, ',' ORDER BY id)) FROM referrals), '-')
        """;

    [Fact]
    public async Task A_database_dumped_dropped_and_restored_comes_back_with_every_row_and_its_rules()
    {
        var database = infrastructure.NewDatabaseName("referral_restore");
        string before;
        using (var referral = await ServiceHosts.StartReferralAsync(infrastructure, database))
        {
            for (var i = 0; i < 5; i++)
            {
                await referral.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>()
                    .HandleAsync(ReferralPayloads.Request(), "restore-drill", default));
            }

            before = await ScalarAsync(database, Fingerprint);
            await referral.StopAsync();
        }

        NpgsqlConnection.ClearAllPools();
        var dump = Path.Combine(Path.GetTempPath(), $"{database}.dump");
        try
        {
            await RunAsync("pg_dump", "--format=custom", "--no-owner", $"--file={dump}", $"--dbname={database}");
            await ExecuteAsync("postgres", $"DROP DATABASE \"{database}\" WITH (FORCE)");
            await ExecuteAsync("postgres", $"CREATE DATABASE \"{database}\"");
            await RunAsync("pg_restore", "--no-owner", "--exit-on-error", $"--dbname={database}", dump);
        }
        finally
        {
            File.Delete(dump);
        }

        Assert.StartsWith("5/", before, StringComparison.Ordinal);
        Assert.Equal(before, await ScalarAsync(database, Fingerprint));
        var tamper = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(database, "DELETE FROM audit_records"));
        Assert.Contains("append-only", tamper.MessageText, StringComparison.OrdinalIgnoreCase);

        using var restored = ServiceHosts.BuildReferral(infrastructure, database, settings => settings["Database:Migrations"] = "Verify");
        await restored.PrepareDatabaseAsync<ReferralDbContext>();
        await restored.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>()
            .HandleAsync(ReferralPayloads.Request(), "restore-drill", default));
        Assert.StartsWith("6/", await ScalarAsync(database, Fingerprint), StringComparison.Ordinal);
    }

    private async Task RunAsync(string tool, params string[] arguments)
    {
        var connection = new NpgsqlConnectionStringBuilder(infrastructure.ConnectionString("postgres"));
        var start = new ProcessStartInfo(PostgresTool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments.Prepend($"--port={connection.Port}").Prepend("--host=127.0.0.1").Prepend("--username=postgres"))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = connection.Password;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {await errors}");
    }

    /// <summary>The client tools of the newest PostgreSQL installed, the one scripts/infra/postgres.sh runs.</summary>
    private static string PostgresTool(string tool) =>
        Directory.GetDirectories("/usr/lib/postgresql")
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
            .Select(d => Path.Combine(d, "bin", tool))
            .First(File.Exists);

    private async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(infrastructure.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(infrastructure.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
