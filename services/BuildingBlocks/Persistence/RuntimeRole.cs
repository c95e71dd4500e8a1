using Microsoft.EntityFrameworkCore;

namespace PeerPlatform.Persistence;

/// <summary>
/// The least-privileged role a service runs as ("Database:RuntimeRole"). The migration job, which
/// owns the schema, grants it reading and writing of every table and sequence, and no more: it
/// cannot alter, drop or truncate a table, nor disable a trigger (those need the owner), and on
/// the audit trail it may only insert and read. With "Database:RuntimeRolePassword" the job also
/// creates the role if it is missing (it needs CREATEROLE for that, as in a local run);
/// otherwise the role is provisioned with the database (a managed PostgreSQL, CloudNativePG).
/// </summary>
public static class RuntimeRole
{
    public static async Task GrantAsync(DbContext db, string role, string? password, CancellationToken cancellationToken)
    {
        var quoted = "\"" + role.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var name = "'" + role.Replace("'", "''", StringComparison.Ordinal) + "'";
        if (password is { Length: > 0 })
        {
            var literal = "'" + password.Replace("'", "''", StringComparison.Ordinal) + "'";
            // Names and the password are quoted above; DO blocks take no bind parameters.
            var create = $$"""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {{name}}) THEN
                        CREATE ROLE {{quoted}} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD {{literal}};
                    END IF;
                END $$;
                """;
            await db.Database.ExecuteSqlRawAsync(create, cancellationToken);
        }

        var grant = $$"""
            DO $$
            DECLARE runtime text := {{name}};
            BEGIN
                EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), runtime);
                EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime);
                EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', runtime);
                EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', runtime);
                -- The migration history: read (the service verifies it), never written.
                IF to_regclass('__ef_migrations_history') IS NOT NULL THEN
                    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE __ef_migrations_history FROM %I', runtime);
                END IF;
                IF to_regclass('audit_records') IS NOT NULL THEN
                    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE audit_records FROM %I', runtime);
                END IF;
            END $$;
            """;
        await db.Database.ExecuteSqlRawAsync(grant, cancellationToken);
    }
}
