using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RabbitMQ.Client;

namespace PeerPlatform.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL (one server, a database per service) and RabbitMQ, whichever way they are provided.
/// Services get "ConnectionStrings__{database}" and "ConnectionStrings__rabbitmq" and wait for
/// <see cref="WaitTargets"/> to be healthy, where health means the protocol answered.
/// </summary>
public sealed class PeerInfrastructure
{
    public const string BrokerConnectionName = "rabbitmq";

    private readonly Dictionary<string, ReferenceExpression> databases = [];

    // Executables mode: each service runs as "<database>_app", a role its migration job creates
    // and grants only reading and writing (Persistence's RuntimeRole); the job itself is the owner.
    private readonly Dictionary<string, ReferenceExpression> runtimeDatabases = [];
    private ReferenceExpression? runtimeRolePassword;

    private PeerInfrastructure(InfrastructureMode mode) => Mode = mode;

    public InfrastructureMode Mode { get; }

    public ReferenceExpression Broker { get; private set; } = null!;

    public List<IResourceBuilder<IResource>> WaitTargets { get; } = [];

    public List<IResource> Parents { get; } = [];

    /// <summary>
    /// The local servers' default ports: outside Linux's ephemeral range (32768–60999), where
    /// any outgoing connection may hold a port for a while, and away from PostgreSQL's and
    /// RabbitMQ's own defaults. RabbitMQ also takes AMQP+10000 (epmd, 17672) and AMQP+20000
    /// (Erlang distribution, 27672), both outside that range and clear of 4369, 15672, 25672.
    /// </summary>
    public const int DefaultPostgresPort = 7432;

    /// <inheritdoc cref="DefaultPostgresPort"/>
    public const int DefaultRabbitMqPort = 7672;

    /// <summary>What a service says to do with a database it cannot use (Database:IncompatibleHint), if anything.</summary>
    private string? incompatibleDatabaseHint;

    public static PeerInfrastructure Add(IDistributedApplicationBuilder builder, IReadOnlyList<string> databaseNames)
    {
        var infrastructure = new PeerInfrastructure(InfrastructureModeResolver.Resolve(builder.Configuration["Infrastructure"]));
        switch (infrastructure.Mode)
        {
            case InfrastructureMode.Containers:
                infrastructure.AddContainers(builder, databaseNames);
                break;
            case InfrastructureMode.Executables:
                infrastructure.AddExecutables(builder, databaseNames);
                break;
            case InfrastructureMode.External:
                infrastructure.AddExternal(builder, databaseNames);
                break;
        }

        return infrastructure;
    }

    /// <summary>Gives a service its database and the broker, and makes it wait until both answer.</summary>
    /// <summary>The role a domain service runs as, where this infrastructure provides one.</summary>
    public static string RuntimeRoleOf(string databaseName) => databaseName + "_app";

    /// <summary>A domain service: its database as its least-privileged runtime role where there is one.</summary>
    public IResourceBuilder<ProjectResource> ConnectAsRuntimeRole(IResourceBuilder<ProjectResource> service, string databaseName)
    {
        Connect(service, databaseName);
        if (runtimeDatabases.TryGetValue(databaseName, out var runtime))
        {
            service.WithEnvironment($"ConnectionStrings__{databaseName}", runtime);
        }

        return service;
    }

    /// <summary>A migration job: the owner's connection, and the runtime role to create and grant.</summary>
    public IResourceBuilder<ProjectResource> ConnectAsOwner(IResourceBuilder<ProjectResource> job, string databaseName)
    {
        Connect(job, databaseName);
        if (runtimeRolePassword is not null && runtimeDatabases.ContainsKey(databaseName))
        {
            job.WithEnvironment("Database__RuntimeRole", RuntimeRoleOf(databaseName))
                .WithEnvironment("Database__RuntimeRolePassword", runtimeRolePassword);
        }

        return job;
    }

    public IResourceBuilder<ProjectResource> Connect(IResourceBuilder<ProjectResource> service, string databaseName, bool usesBroker = true)
    {
        service.WithEnvironment($"ConnectionStrings__{databaseName}", databases[databaseName]);
        if (incompatibleDatabaseHint is not null)
        {
            service.WithEnvironment("Database__IncompatibleHint", incompatibleDatabaseHint);
        }

        if (usesBroker)
        {
            service.WithEnvironment($"ConnectionStrings__{BrokerConnectionName}", Broker);
        }

        foreach (var parent in Parents)
        {
            service.WithReferenceRelationship(parent);
        }

        foreach (var target in WaitTargets)
        {
            service.WaitFor(target);
        }

        return service;
    }

    private void AddContainers(IDistributedApplicationBuilder builder, IReadOnlyList<string> databaseNames)
    {
        // The same passwords as the other modes ("Parameters"), so a data volume made by an earlier
        // run still opens (a generated one would differ from run to run).
        var password = builder.AddParameter("postgres-password", secret: true);
        var rabbitPassword = builder.AddParameter("rabbitmq-password", secret: true);
        var postgres = builder.AddPostgres("postgres", password: password).WithDataVolume("peerplatform-postgres")
            .WithLocalImage(builder.Configuration["Containers:PostgresImage"]);
        var endpoint = postgres.Resource.PrimaryEndpoint;
        foreach (var name in databaseNames)
        {
            databases[name] = postgres.AddDatabase(name).Resource.ConnectionStringExpression;
            // The domain services connect as their least-privileged role, as in the other modes.
            runtimeDatabases[name] = ReferenceExpression.Create(
                $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={RuntimeRoleOf(name)};Password={password};Database={name}");
        }

        runtimeRolePassword = ReferenceExpression.Create($"{password}");

        var rabbit = builder.AddRabbitMQ(BrokerConnectionName, password: rabbitPassword).WithDataVolume("peerplatform-rabbitmq")
            .WithLocalImage(builder.Configuration["Containers:RabbitMqImage"]);
        Broker = rabbit.Resource.ConnectionStringExpression;
        Track(builder, postgres.Resource);
        Track(builder, rabbit.Resource);
    }

    private void AddExternal(IDistributedApplicationBuilder builder, IReadOnlyList<string> databaseNames)
    {
        foreach (var name in databaseNames)
        {
            var connection = builder.AddConnectionString(name);
            databases[name] = ReferenceExpression.Create($"{connection.Resource}");
            Parents.Add(connection.Resource);
        }

        var broker = builder.AddConnectionString(BrokerConnectionName);
        Broker = ReferenceExpression.Create($"{broker.Resource}");
        Parents.Add(broker.Resource);
    }

    /// <summary>
    /// PostgreSQL and RabbitMQ from the machine's binaries, started by scripts/infra as
    /// executable resources, data under LocalInfrastructure:DataPath, bound to 127.0.0.1. The
    /// endpoints are not proxied so the ports are the servers' own, and the health checks below
    /// speak each protocol (a TCP connect would succeed against Aspire's proxy at once).
    /// </summary>
    private void AddExecutables(IDistributedApplicationBuilder builder, IReadOnlyList<string> databaseNames)
    {
        var settings = builder.Configuration.GetSection("LocalInfrastructure");
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var dataPath = Path.GetFullPath(settings["DataPath"] is { Length: > 0 } configured ? configured : Path.Combine(repositoryRoot, ".data"), repositoryRoot);
        var fastStorage = settings.GetValue("FastStorage", false);
        var postgresPort = settings.GetValue("PostgresPort", DefaultPostgresPort);
        var rabbitPort = settings.GetValue("RabbitMqPort", DefaultRabbitMqPort);
        // What a service says of a database made by another version of the code (a .data/ kept
        // from an older checkout, or from before the migrations were squashed).
        var relative = Path.GetRelativePath(repositoryRoot, dataPath);
        var move = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? $"mv {dataPath} {dataPath}.old"
            : $"cd {repositoryRoot} && mv {relative} {relative}.old";
        incompatibleDatabaseHint = $"It holds only local development data: stop the suite, move {dataPath} aside ({move}) and start it again; a new one is made.";

        var postgresPassword = builder.AddParameter("postgres-password", secret: true);
        var rabbitPassword = builder.AddParameter("rabbitmq-password", secret: true);

        List<string> postgresArgs = [Path.Combine(repositoryRoot, "scripts/infra/postgres.sh"), "--data", Path.Combine(dataPath, "postgres"), "--port", $"{postgresPort}"];
        if (fastStorage)
        {
            postgresArgs.Add("--fast");
        }

        var postgres = builder.AddExecutable("postgres", "bash", repositoryRoot, [.. postgresArgs])
            .WithEnvironment("PEER_INFRA_PASSWORD", postgresPassword)
            .WithEndpoint(port: postgresPort, targetPort: postgresPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithAnnotation(new LocalServerAnnotation("PostgreSQL", $"127.0.0.1:{postgresPort}"))
            .WithHealthCheck("postgres-protocol");
        var postgresEndpoint = postgres.GetEndpoint("tcp");
        foreach (var name in databaseNames)
        {
            databases[name] = ReferenceExpression.Create(
                $"Host=127.0.0.1;Port={postgresEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={postgresPassword};Database={name}");
            runtimeDatabases[name] = ReferenceExpression.Create(
                $"Host=127.0.0.1;Port={postgresEndpoint.Property(EndpointProperty.Port)};Username={RuntimeRoleOf(name)};Password={postgresPassword};Database={name}");
        }

        runtimeRolePassword = ReferenceExpression.Create($"{postgresPassword}");

        var maintenance = ReferenceExpression.Create(
            $"Host=127.0.0.1;Port={postgresEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={postgresPassword};Database=postgres;Timeout=3");
        builder.Services.AddHealthChecks().AddAsyncCheck("postgres-protocol", async cancellationToken =>
        {
            await using var connection = new NpgsqlConnection(await maintenance.GetValueAsync(cancellationToken));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        });

        var rabbit = builder.AddExecutable(BrokerConnectionName, "bash", repositoryRoot,
                Path.Combine(repositoryRoot, "scripts/infra/rabbitmq.sh"), "--data", Path.Combine(dataPath, "rabbitmq"), "--port", $"{rabbitPort}", "--user", "peer")
            .WithEnvironment("PEER_INFRA_PASSWORD", rabbitPassword)
            .WithEndpoint(port: rabbitPort, targetPort: rabbitPort, scheme: "amqp", name: "amqp", isProxied: false)
            .WithAnnotation(new LocalServerAnnotation("RabbitMQ", $"127.0.0.1:{rabbitPort}, Erlang ports {ErlangPort(rabbitPort, 10000)} and {ErlangPort(rabbitPort, 20000)}"))
            .WithHealthCheck("rabbitmq-protocol");
        var rabbitEndpoint = rabbit.GetEndpoint("amqp");
        Broker = ReferenceExpression.Create($"amqp://peer:{rabbitPassword}@127.0.0.1:{rabbitEndpoint.Property(EndpointProperty.Port)}/");
        var broker = Broker;
        builder.Services.AddHealthChecks().AddAsyncCheck("rabbitmq-protocol", async cancellationToken =>
        {
            var factory = new ConnectionFactory { Uri = new Uri(await broker.GetValueAsync(cancellationToken) ?? ""), RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            return connection.IsOpen ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("AMQP connection did not open");
        });

        Track(builder, postgres.Resource);
        Track(builder, rabbit.Resource);
    }

    /// <summary>The epmd (+10000) and distribution (+20000) ports scripts/infra/rabbitmq.sh derives from the AMQP port.</summary>
    public static int ErlangPort(int amqpPort, int offset) => amqpPort + offset <= 65535 ? amqpPort + offset : amqpPort - offset;

    private void Track(IDistributedApplicationBuilder builder, IResource resource)
    {
        Parents.Add(resource);
        WaitTargets.Add(builder.CreateResourceBuilder(resource));
    }
}
