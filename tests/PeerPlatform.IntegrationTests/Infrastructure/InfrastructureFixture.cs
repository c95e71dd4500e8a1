using Npgsql;
using RabbitMQ.Client;

namespace PeerPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL and one throwaway RabbitMQ for the whole test collection, started by
/// scripts/infra on free loopback ports with data in a temporary folder, and stopped afterwards.
/// A developer's own databases and brokers are never touched. Each test creates its own database.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private const string Password = "integration-tests";
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "peer-it-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalServer? postgres;
    private LocalServer? rabbit;
    private int databaseCounter;

    public int PostgresPort { get; } = LoopbackPorts.Free();

    public int RabbitPort { get; } = LoopbackPorts.FreeForRabbitMq();

    public string RabbitConnectionString => $"amqp://peer:{Password}@127.0.0.1:{RabbitPort}/";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataPath);
        var environment = new Dictionary<string, string> { ["PEER_INFRA_PASSWORD"] = Password };
        postgres = LocalServer.Start("postgres.sh", ["--data", Path.Combine(dataPath, "postgres"), "--port", $"{PostgresPort}", "--fast"], environment);
        rabbit = LocalServer.Start("rabbitmq.sh",
            ["--data", Path.Combine(dataPath, "rabbitmq"), "--port", $"{RabbitPort}", "--user", "peer"],
            environment);

        await postgres.WaitUntilReadyAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            await connection.OpenAsync();
        }, TimeSpan.FromSeconds(60));
        await rabbit.WaitUntilReadyAsync(async () =>
        {
            var factory = new ConnectionFactory { Uri = new Uri(RabbitConnectionString) };
            await using var connection = await factory.CreateConnectionAsync();
        }, TimeSpan.FromSeconds(90));
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Password={Password};Database={database};Include Error Detail=false";

    /// <summary>A fresh, empty database name for one test; EF migrations create it.</summary>
    public string NewDatabaseName(string prefix)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref databaseCounter)}_{Guid.NewGuid():N}";
        return name[..Math.Min(name.Length, 40)];
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (rabbit is not null)
        {
            await rabbit.DisposeAsync();
        }

        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by an exiting server; the temp folder is cleaned by the OS.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "Real PostgreSQL and RabbitMQ";
}
