namespace PeerPlatform.TestSupport;

/// <summary>
/// Where a throwaway instance of the whole suite lives: free loopback ports, its own data folder,
/// the AppHost arguments that start PostgreSQL and RabbitMQ from local binaries there, and the
/// development credentials. Shared by the end-to-end fixture and the benchmark runner.
/// </summary>
public sealed class LocalSuite
{
    /// <summary>The development credentials scripts/infra gives PostgreSQL and RabbitMQ (AppHost parameters' defaults).</summary>
    public const string DevelopmentPassword = "peer-local-dev-only";

    public const string BrokerUserName = "peer";

    public LocalSuite(string name) => DataPath = Path.Combine(Path.GetTempPath(), $"peer-{name}-" + Guid.NewGuid().ToString("N")[..8]);

    public string DataPath { get; }

    public int GatewayHttpPort { get; } = LoopbackPorts.Free();

    public int GatewayGrpcPort { get; } = LoopbackPorts.Free();

    public int PostgresPort { get; } = LoopbackPorts.Free();

    public int RabbitMqPort { get; } = LoopbackPorts.FreeForRabbitMq();

    public Uri BrokerUri => new($"amqp://{BrokerUserName}:{DevelopmentPassword}@127.0.0.1:{RabbitMqPort}/");

    public string DatabaseConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Password={DevelopmentPassword};Database={database}";

    /// <summary>AppHost arguments: executables mode, this instance's folder and ports.</summary>
    public string[] AppHostArguments() =>
    [
        "--Infrastructure=Executables",
        $"--LocalInfrastructure:DataPath={DataPath}",
        $"--LocalInfrastructure:PostgresPort={PostgresPort}",
        $"--LocalInfrastructure:RabbitMqPort={RabbitMqPort}",
        "--LocalInfrastructure:FastStorage=true",
        $"--Gateway:HttpPort={GatewayHttpPort}",
        $"--Gateway:GrpcPort={GatewayGrpcPort}",
        "--Identity:Environment=Development",
    ];

    public void DeleteData()
    {
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
