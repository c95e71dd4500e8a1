using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Persistence;

public static class PeerDatabaseExtensions
{
    /// <summary>
    /// Registers the service's own database (connection string "ConnectionStrings:{name}",
    /// provided by the AppHost) and a readiness check that opens a real connection.
    /// </summary>
    public static IHostApplicationBuilder AddPeerDatabase<TDbContext>(
        this IHostApplicationBuilder builder, string connectionName, Action<DbContextOptionsBuilder>? configure = null)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is not configured.");
        // Pooled: a request reuses a DbContext (reset between uses) instead of building one and its
        // internal services each time (docs/decisions/0011).
        builder.Services.AddDbContextPool<TDbContext>(options =>
        {
            options.UsePeerNpgsql(connectionString);
            configure?.Invoke(options);
        });
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<TDbContext>($"{connectionName}-database", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>The one way every service (and the design-time factories for migrations) talks to PostgreSQL.</summary>
    public static TOptionsBuilder UsePeerNpgsql<TOptionsBuilder>(this TOptionsBuilder options, string connectionString)
        where TOptionsBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(WithPoolSettings(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
        return options;
    }

    /// <summary>Connections a service's pool opens at most, unless its connection string says otherwise.</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// The services' pool settings, unless the configured connection string gives its own:
    /// <list type="bullet">
    /// <item>Pooled connections keep their prepared statements: a statement run twice on a
    /// connection is prepared (parsed and planned once), and returning a connection to the pool
    /// does not reset its session (docs/decisions/0010). The services set no session state on
    /// pooled connections (LISTEN has its own unpooled connection; advisory locks are
    /// transaction-scoped), so there is nothing to reset.</item>
    /// <item>At most <see cref="DefaultMaxPoolSize"/> connections (Npgsql's default is 100). A
    /// burst of requests beyond that waits for a pooled connection instead of starting a new
    /// PostgreSQL backend for each, which on a small server costs more than the queries
    /// themselves; and five services at 100 each could exhaust the server's max_connections.</item>
    /// <item>No GSS (Kerberos) encryption. The services log in with a password and encrypt with
    /// TLS where the network needs it; Npgsql's default (Prefer) makes every new connection look
    /// for Kerberos credentials first, which loads the GSSAPI libraries into every process for
    /// nothing (docs/decisions/0005). A deployment that uses Kerberos says so in its connection
    /// string.</item>
    /// </list>
    /// </summary>
    public static string WithPoolSettings(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword exists at all; what
        // the configured string itself says is read with the plain builder.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(params string[] keywords) => keywords.Any(given.ContainsKey);
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }

        if (!Given("No Reset On Close", "NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }

        if (!Given("Max Pool Size", "MaxPoolSize", "Maximum Pool Size"))
        {
            settings.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!Given("GSS Encryption Mode", "GssEncryptionMode"))
        {
            settings.GssEncryptionMode = GssEncryptionMode.Disable;
        }

        return settings.ConnectionString;
    }

    /// <summary>
    /// Readies the service's database before it takes traffic, as <c>Database:Migrations</c>
    /// says (<see cref="MigrationMode"/>; <see cref="MigrationMode.Apply"/> unless set), retrying
    /// while the database is still starting or the migration job still running. A database this
    /// code cannot use (<see cref="DatabaseIncompatibleException"/>) fails at once: retrying
    /// cannot change its history or its data.
    /// </summary>
    public static async Task PrepareDatabaseAsync<TDbContext>(this IHost app, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PeerPlatform.Migrations");
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var mode = app.ConfiguredMigrationMode();
        var deadline = DateTime.UtcNow.AddSeconds(configuration.GetValue("Database:MigrationTimeoutSeconds", 120));
        var whatToDo = configuration["Database:IncompatibleHint"] is { Length: > 0 } hint ? hint : DatabaseIncompatibleException.DefaultHint;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                var database = db.Database.GetDbConnection().Database;
                // Reads the history table and the migrations' ids only: no model is built, no SQL generated.
                var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
                var known = db.Database.GetMigrations().ToList();
                // Applied migrations this code does not have: the database was made by another
                // version (say, before the migrations were squashed into one); EF Core would try
                // to create what is already there.
                var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
                if (unknown.Count > 0)
                {
                    throw new DatabaseIncompatibleException(database,
                        $"its migration history lists {unknown.Count} migration(s) this code does not have ({Summarise(unknown)}): it was made by another version of {typeof(TDbContext).Name}'s code",
                        whatToDo);
                }

                var pending = known.Except(applied, StringComparer.Ordinal).ToList();
                if (mode == MigrationMode.Verify)
                {
                    if (pending.Count > 0)
                    {
                        throw new DatabaseBehindException(typeof(TDbContext).Name, pending);
                    }

                    logger.LogInformation("Database for {DbContext} is up to date (verified; its migration job applies migrations)", typeof(TDbContext).Name);
                    return;
                }

                try
                {
                    await db.Database.MigrateAsync(cancellationToken);
                }
                catch (Exception failure) when (RefusedForGood(failure) is { } refusal)
                {
                    // PostgreSQL refused a migration's SQL (a column without default on rows that
                    // exist, an index the data breaks, a table already there): the schema or data
                    // is not what the history says this code left.
                    throw new DatabaseIncompatibleException(database,
                        $"applying {Summarise(pending)} failed: {refusal.SqlState}: {refusal.MessageText}; its schema or data does not fit this code's migrations (made by another version?)",
                        whatToDo, failure);
                }

                if (configuration["Database:RuntimeRole"] is { Length: > 0 } runtimeRole)
                {
                    await RuntimeRole.GrantAsync(db, runtimeRole, configuration["Database:RuntimeRolePassword"], cancellationToken);
                    logger.LogInformation("Runtime role {Role} may read and write {DbContext}'s tables, and only append to its audit trail", runtimeRole, typeof(TDbContext).Name);
                }

                logger.LogInformation("Database for {DbContext} is up to date ({Applied} migrations applied)", typeof(TDbContext).Name, pending.Count);
                return;
            }
            catch (Exception exception) when (DateTime.UtcNow < deadline && exception is not (OperationCanceledException or DatabaseIncompatibleException))
            {
                logger.LogWarning("Preparing the database for {DbContext} failed ({ExceptionType}: {Reason}); attempt {Attempt}, retrying",
                    typeof(TDbContext).Name, exception.GetType().Name, exception is DatabaseBehindException ? exception.Message : "see the database's health", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }

        static string Summarise(IReadOnlyList<string> ids) => ids.Count switch
        {
            0 => "no migrations",
            1 => ids[0],
            <= 3 => string.Join(", ", ids),
            _ => $"{ids[0]}, {ids[1]} … {ids[^1]}",
        };

        // An error PostgreSQL will answer again however often it is asked: not a connection
        // failure, a server starting or shutting down, a lock or serialization conflict (Npgsql's
        // IsTransient and classes 08 and 57), nor two processes creating the database at once.
        static PostgresException? RefusedForGood(Exception failure)
        {
            for (var error = failure; error is not null; error = error.InnerException)
            {
                if (error is PostgresException postgres)
                {
                    var retryable = postgres.IsTransient
                        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57", StringComparison.Ordinal)
                        || postgres.SqlState == PostgresErrorCodes.DuplicateDatabase
                        || postgres is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pg_database_datname_index" };
                    return retryable ? null : postgres;
                }
            }

            return null;
        }
    }

    /// <summary>What <c>Database:Migrations</c> says this process does with its database's schema.</summary>
    public static MigrationMode ConfiguredMigrationMode(this IHost app) =>
        app.Services.GetRequiredService<IConfiguration>().GetValue("Database:Migrations", MigrationMode.Apply);

    /// <summary>True when this process is its database's migration job: it prepares the database and exits.</summary>
    public static bool IsMigrationJob(this IHost app) => app.ConfiguredMigrationMode() == MigrationMode.ApplyAndExit;
}

/// <summary>What a service process does with its database's schema at start (setting <c>Database:Migrations</c>).</summary>
public enum MigrationMode
{
    /// <summary>Apply pending migrations, then serve: one process alone (tests, a single instance).</summary>
    Apply,

    /// <summary>
    /// Apply pending migrations and exit: the service's migration job, run before it starts (the
    /// AppHost's "{service}-migrations"; a Kubernetes Job or init container).
    /// </summary>
    ApplyAndExit,

    /// <summary>
    /// Apply nothing; wait while migrations are pending, then refuse to start. A serving process
    /// that never applies migrations never loads EF Core's migration machinery (every
    /// migration's model, the differ, the SQL generator stay out of its memory for good), and
    /// replicas never race to apply them.
    /// </summary>
    Verify,
}

/// <summary>
/// The database cannot be used by this code, and retrying will not change that: its migration
/// history lists migrations the code does not have, or PostgreSQL refuses a pending migration.
/// </summary>
public sealed class DatabaseIncompatibleException(string database, string reason, string whatToDo, Exception? inner = null)
    : Exception($"The database '{database}' cannot be used: {reason}. {whatToDo}", inner)
{
    /// <summary>What to do when nothing more specific is configured (<c>Database:IncompatibleHint</c>).</summary>
    public const string DefaultHint =
        "If it holds only development data, drop it (or move the server's data folder aside) and start again; otherwise restore a backup made by this version, or run the version that made it.";
}

/// <summary>The database has migrations the service's migration job has not applied yet.</summary>
public sealed class DatabaseBehindException(string dbContext, IReadOnlyList<string> pending)
    : Exception($"The database for {dbContext} has {pending.Count} pending migrations (the newest: {pending[^1]}); run the service's migration job (Database:Migrations=ApplyAndExit) first.");

/// <summary>Optimistic concurrency for aggregates that are read, changed and written back.</summary>
public static class ConcurrencyExtensions
{
    /// <summary>
    /// Guards updates with PostgreSQL's xmin system column (no column is added): of two
    /// concurrent changes to one row, the second to commit fails with a concurrency conflict
    /// (gRPC Aborted, HTTP 409) instead of silently overwriting the first.
    /// </summary>
    public static Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> HasOptimisticConcurrency<T>(
        this Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> entity) where T : class
    {
        entity.Property<uint>("Version").IsRowVersion();
        return entity;
    }
}
