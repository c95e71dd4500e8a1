using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// The whole suite started once for the collection through the real AppHost, in Executables
/// mode: PostgreSQL and RabbitMQ from the machine's binaries on free ports, data in a temporary
/// folder, the four services and the gateway as processes. Tests talk only to the gateway.
/// </summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "peer-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private DistributedApplication? app;

    public int GatewayHttpPort { get; } = FreePort();

    public int GatewayGrpcPort { get; } = FreePort();

    public HttpClient Rest { get; private set; } = null!;

    public GrpcChannel Grpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PeerPlatform_AppHost>(
        [
            "--Infrastructure=Executables",
            $"--LocalInfrastructure:DataPath={dataPath}",
            $"--LocalInfrastructure:PostgresPort={FreePort()}",
            $"--LocalInfrastructure:RabbitMqPort={FreePort()}",
            "--LocalInfrastructure:FastStorage=true",
            $"--Gateway:HttpPort={GatewayHttpPort}",
            $"--Gateway:GrpcPort={GatewayGrpcPort}",
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        app = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await app.StartAsync(startup.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);

        Rest = new HttpClient { BaseAddress = new Uri($"http://localhost:{GatewayHttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Grpc = GrpcChannel.ForAddress($"http://localhost:{GatewayGrpcPort}");
    }

    public async Task DisposeAsync()
    {
        Rest?.Dispose();
        Grpc?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "Whole suite through the AppHost";
}
