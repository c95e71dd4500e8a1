using System.Collections.Concurrent;
using Aspire.Hosting;
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
public class SuiteFixture : IAsyncLifetime
{
    private readonly LocalSuite local = new("e2e");
    private DistributedApplication? app;

    /// <summary>The running suite, for tests that must reach a service directly.</summary>
    public DistributedApplication App => app ?? throw new InvalidOperationException("The suite is not running.");

    public int GatewayHttpPort => local.GatewayHttpPort;

    public int GatewayGrpcPort => local.GatewayGrpcPort;

    /// <summary>The suite's own PostgreSQL (executables mode), for tests that check what was written.</summary>
    public int PostgresPort => local.PostgresPort;

    /// <summary>A connection to one service's database, as the suite's development settings define it.</summary>
    public string DatabaseConnectionString(string database) => local.DatabaseConnectionString(database);

    /// <summary>The suite's own RabbitMQ (executables mode), for tests that publish as a third party would.</summary>
    public int RabbitMqPort => local.RabbitMqPort;

    /// <summary>The broker's address with the suite's development credentials.</summary>
    public Uri BrokerUri => local.BrokerUri;

    /// <summary>Anonymous REST client; see <see cref="RestAsAsync"/> for one with a token.</summary>
    public HttpClient Rest { get; private set; } = null!;

    public GrpcChannel Grpc { get; private set; } = null!;

    public OtlpReceiver Telemetry { get; } = new(LoopbackPorts.Free());

    /// <summary>Development clients (services/Identity/appsettings.Development.json) and two test-only ones.</summary>
    public static readonly IReadOnlyDictionary<string, ClientCredentials> Clients = new Dictionary<string, ClientCredentials>
    {
        ["integrator"] = DevelopmentClients.Integrator,
        ["partner-a"] = DevelopmentClients.PartnerA,
        ["partner-b"] = DevelopmentClients.PartnerB,
        ["operator"] = DevelopmentClients.Operator,
        ["admin"] = DevelopmentClients.Admin,
        ["short-lived"] = new("test-short-lived-integrator", "test-short-lived-secret-0001"),
        ["burst"] = new("test-burst-operator", "test-burst-operator-secret-01"),
    };

    private readonly ConcurrentDictionary<string, Task<string>> tokens = new();

    /// <summary>The private key of a test client that authenticates with a signed JWT assertion, not a secret.</summary>
    public System.Security.Cryptography.RSA AssertionKey { get; } = System.Security.Cryptography.RSA.Create(2048);

    public const string AssertionClientId = "test-assertion-integrator";

    /// <summary>A test client whose failed authentications reach the per-client limit (SecurityEventTests).</summary>
    public static readonly ClientCredentials LimitedClient = new("test-limited-integrator", "test-limited-secret-000001");

    /// <summary>A trust's own identity provider, which Identity federates with (Portal/FederatedSignInTests).</summary>
    public Portal.TestTrustIdentityProvider TrustIdentityProvider { get; } = new(LoopbackPorts.Free());

    public async Task InitializeAsync()
    {
        await TrustIdentityProvider.StartAsync();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PeerPlatform_AppHost>(
        [
            .. local.AppHostArguments(),
            // Small enough for a test to exceed with a burst, large enough for every other test.
            "--Gateway:RateLimit:PermitsPerSecond=40",
            "--Gateway:RateLimit:Burst=80",
            // The matrix test sends hundreds of requests without a valid token from one address.
            "--Gateway:RateLimit:AnonymousPermitsPerSecond=1000",
            "--Gateway:RateLimit:AnonymousBurst=2000",
            // Expiry is tested with a token that lives two seconds; no grace period on top.
            "--Identity:ClockSkew=00:00:00",
            // A refresh token used twice is refused at once, not after the 30 s leeway for racing requests.
            "--Identity:RefreshTokenReuseLeeway=00:00:00",
            "--Identity:Federation:0:Scheme=test-trust",
            "--Identity:Federation:0:DisplayName=Test Trust sign-in",
            $"--Identity:Federation:0:Authority={TrustIdentityProvider.Authority}",
            $"--Identity:Federation:0:ClientId={Portal.TestTrustIdentityProvider.ClientId}",
            $"--Identity:Federation:0:ClientSecret={Portal.TestTrustIdentityProvider.ClientSecret}",
            "--Identity:Federation:0:RequireHttpsMetadata=false",
            "--Identity:Clients:10:ClientId=test-short-lived-integrator",
            "--Identity:Clients:10:Role=integrator",
            "--Identity:Clients:10:Secret=test-short-lived-secret-0001",
            "--Identity:Clients:10:AccessTokenLifetime=00:00:02",
            "--Identity:Clients:11:ClientId=test-burst-operator",
            "--Identity:Clients:11:Role=operator",
            "--Identity:Clients:11:Secret=test-burst-operator-secret-01",
            $"--Identity:Clients:12:ClientId={AssertionClientId}",
            "--Identity:Clients:12:Role=integrator",
            $"--Identity:Clients:12:PublicKeyPem={AssertionKey.ExportSubjectPublicKeyInfoPem()}",
            // Failed authentications are limited per client id: this one is driven to its limit.
            $"--Identity:Clients:13:ClientId={LimitedClient.ClientId}",
            "--Identity:Clients:13:Role=integrator",
            $"--Identity:Clients:13:Secret={LimitedClient.Secret}",
            $"--Telemetry:OtlpEndpoint={Telemetry.Endpoint}",
            "--Telemetry:QuickExport=true",
            // Gauges (outbox backlog, referrals by status) read every second, as the exporters do.
            "--Telemetry:GaugeInterval=00:00:01",
            // Overdue supervision is announced within a second rather than minutes.
            "--Supervision:OverdueCheckInterval=00:00:01",
            // Webhook receivers run on loopback ports; a receiver that is down is retried within a second.
            "--Webhooks:AllowLoopback=true",
            "--Webhooks:FirstRetryDelay=00:00:00.200",
            "--Webhooks:MaxRetryDelay=00:00:01",
            "--Webhooks:PollInterval=00:00:00.200",
            .. AdditionalArguments(local.DataPath),
        ]);
        // The suite's own console output reaches the test log only when something goes wrong.
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("PeerPlatform.AppHost.Resources", LogLevel.Warning)
            .AddFilter("Aspire.Hosting", LogLevel.Warning));

        app = await builder.BuildAsync();
        await SuiteStartup.StartUntilGatewayHealthyAsync(app, TimeSpan.FromMinutes(5));

        Rest = new HttpClient { BaseAddress = new Uri($"http://localhost:{GatewayHttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Grpc = GrpcChannel.ForAddress($"http://localhost:{GatewayGrpcPort}");
    }

    /// <summary>More AppHost arguments for a collection's own instance of the suite.</summary>
    protected virtual IEnumerable<string> AdditionalArguments(string dataPath) => [];

    /// <summary>An access token from the suite's token endpoint, through the gateway (cached per client).</summary>
    public Task<string> TokenAsync(string who) => tokens.GetOrAdd(who, RequestTokenAsync);

    public async Task<string> RequestTokenAsync(string who)
    {
        var answer = await Clients[who].RequestTokenAsync(Rest);
        Assert.True(answer.Succeeded, $"token request for {who} failed: {(int)answer.Status} {answer.Body}");
        return answer.AccessToken;
    }

    /// <summary>A REST client that presents <paramref name="who"/>'s token.</summary>
    public async Task<HttpClient> RestAsAsync(string who) => RestWithToken(await TokenAsync(who));

    public HttpClient RestWithToken(string? token)
    {
        var client = new HttpClient { BaseAddress = Rest.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>gRPC call options that present <paramref name="who"/>'s token.</summary>
    public async Task<global::Grpc.Core.CallOptions> GrpcAsAsync(string who) =>
        new(new global::Grpc.Core.Metadata { { "Authorization", "Bearer " + await TokenAsync(who) } });

    public async Task DisposeAsync()
    {
        Rest?.Dispose();
        Grpc?.Dispose();
        AssertionKey.Dispose();
        Telemetry.Dispose();
        await TrustIdentityProvider.DisposeAsync();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        local.DeleteData();
    }
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "Whole suite through the AppHost";
}
