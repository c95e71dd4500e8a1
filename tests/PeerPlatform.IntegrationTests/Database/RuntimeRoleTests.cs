using Npgsql;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Data;

namespace PeerPlatform.IntegrationTests.Database;

/// <summary>
/// A service runs as a least-privileged role that its migration job (the schema's owner) grants:
/// it reads and writes its tables and appends to its audit trail, but cannot alter, drop,
/// truncate, delete from or switch off the audit trail's triggers, nor rewrite its migration
/// history. Only the owner could, and the owner is not what the service connects as.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RuntimeRoleTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task The_runtime_role_can_append_to_the_audit_trail_but_never_remove_it()
    {
        var database = infrastructure.NewDatabaseName("referral_role");
        var role = $"{database}_app";
        const string password = "runtime-role-test";
        using var job = ServiceHosts.BuildReferral(infrastructure, database, settings =>
        {
            settings["Database:Migrations"] = "ApplyAndExit";
            settings["Database:RuntimeRole"] = role;
            settings["Database:RuntimeRolePassword"] = password;
        });
        await job.PrepareDatabaseAsync<ReferralDbContext>();

        var asRuntime = new NpgsqlConnectionStringBuilder(infrastructure.ConnectionString(database)) { Username = role, Password = password, Pooling = false };
        await using var connection = new NpgsqlConnection(asRuntime.ConnectionString);
        await connection.OpenAsync();

        // What a service does: write its tables and append to the trail.
        await ExecuteAsync(connection, """
            INSERT INTO audit_records (occurred_at, client_id, role, record_type, record_id, action, outcome)
            VALUES (now(), 'test-client', 'integrator', 'Referral', 'r-1', 'Read', 'Succeeded')
            """);
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM audit_records"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM referrals"));

        // What it can never do to the trail or the history.
        foreach (var removal in new[]
        {
            "ALTER TABLE audit_records DISABLE TRIGGER ALL",
            "ALTER TABLE audit_records DISABLE TRIGGER audit_records_no_update_or_delete",
            "DROP TRIGGER audit_records_no_update_or_delete ON audit_records",
            "DROP TABLE audit_records",
            "TRUNCATE audit_records",
            "DELETE FROM audit_records",
            "UPDATE audit_records SET record_id = 'forged'",
            "DROP FUNCTION audit_records_append_only()",
            "DELETE FROM __ef_migrations_history",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, removal));
            Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{removal}: {refused.SqlState} {refused.MessageText}");
        }

        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM audit_records"));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
