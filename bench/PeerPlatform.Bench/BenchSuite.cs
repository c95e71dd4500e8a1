using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerPlatform.Bench.Load;
using PeerPlatform.TestSupport;

namespace PeerPlatform.Bench;

/// <summary>
/// The whole suite, started once through the real AppHost in Executables mode (PostgreSQL and
/// RabbitMQ from the machine's binaries on free ports, data in a temporary folder), with the
/// gateway's per-client rate limit lifted so it does not cap the measurement.
/// </summary>
public sealed class BenchSuite : IAsyncDisposable
{
    private readonly LocalSuite local = new("bench");
    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The suite is not running.");

    public Uri Gateway => new($"http://127.0.0.1:{local.GatewayHttpPort}");

    public Uri GatewayGrpc => new($"http://127.0.0.1:{local.GatewayGrpcPort}");

    public Uri BrokerUri => local.BrokerUri;

    public string DatabaseConnectionString(string database) => local.DatabaseConnectionString(database);

    /// <summary>
    /// Where the services send their telemetry during the run: a sink that accepts and discards
    /// it, so exporters work as they would against a real collector (not retrying against nothing).
    /// </summary>
    private readonly TelemetrySink telemetry = new(LoopbackPorts.Free());

    /// <summary>OTLP bytes the services have exported so far, per path (/v1/traces, /v1/metrics, /v1/logs).</summary>
    public IReadOnlyDictionary<string, long> TelemetryReceived => telemetry.Received;

    /// <summary>Where a webhook subscription may deliver during the run (the sink, which answers 200 at once).</summary>
    public string WebhookReceiver => telemetry.Endpoint + "/webhooks";

    /// <summary>Webhook deliveries the sink has answered.</summary>
    public long WebhooksReceived => telemetry.Requests.GetValueOrDefault("/webhooks");

    /// <summary>Starts the suite; <paramref name="replicas"/> ("referral=2,outcomes=2") runs several copies of those services.</summary>
    public async Task StartAsync(string? replicas = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PeerPlatform_AppHost>(
        [
            .. local.AppHostArguments(),
            .. (replicas ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(replica => $"--Replicas:{replica.Trim()}"),
            "--Gateway:RateLimit:PermitsPerSecond=1000000",
            "--Gateway:RateLimit:Burst=1000000",
            $"--Telemetry:OtlpEndpoint={telemetry.Endpoint}",
            // The webhook scenario's receiver is the sink on a loopback port.
            "--Webhooks:AllowLoopback=true",
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error)
            .AddFilter("PeerPlatform.AppHost.Resources", LogLevel.None)
            .AddFilter("Aspire.Hosting", LogLevel.Error)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        app = await builder.BuildAsync();
        await SuiteStartup.StartUntilGatewayHealthyAsync(app, TimeSpan.FromMinutes(5));
    }

    /// <summary>A service's own HTTP endpoint (through the orchestrator's local proxy, as the gateway reaches it too).</summary>
    public Uri ServiceHttp(string service) => App.GetEndpoint(service, "http");

    /// <summary>An access token for a development client, from the token endpoint through the gateway.</summary>
    public async Task<string> TokenAsync(ClientCredentials client)
    {
        using var http = new HttpClient { BaseAddress = Gateway };
        var answer = await client.RequestTokenAsync(http);
        return answer.Succeeded
            ? answer.AccessToken
            : throw new HttpRequestException($"token request for {client.ClientId} failed: {(int)answer.Status} {answer.Body}", null, answer.Status);
    }

    /// <summary>
    /// How long after the last call memory is read a second time: the services' quiet period before
    /// they return memory (10 s), two of their 2-second checks, and a margin.
    /// </summary>
    public static readonly TimeSpan MemorySettleTime = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Resident memory of each service process now, in MiB, with its parts (/proc/PID/status):
    /// anonymous (heaps), file-backed (the runtime and libraries, shared between processes) and
    /// shared memory (with W^X, the runtime maps JIT-compiled code and stubs through it). The
    /// executables the orchestrator started are found by their command line (Linux truncates
    /// process names).
    /// </summary>
    public static IReadOnlyDictionary<string, ServiceMemory> ServiceMemoryMiB()
    {
        var memory = new Dictionary<string, ServiceMemory>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var program = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0')[0];
                var name = Path.GetFileName(program);
                if (!name.StartsWith("PeerPlatform.", StringComparison.Ordinal) || name is "PeerPlatform.Bench" or "PeerPlatform.AppHost")
                {
                    continue;
                }

                var status = File.ReadLines(Path.Combine(directory, "status"))
                    .Select(line => line.Split(':', 2))
                    .Where(field => field.Length == 2 && (field[0].StartsWith("Rss", StringComparison.Ordinal) || field[0] is "VmRSS" or "VmHWM"))
                    .ToDictionary(field => field[0], field => double.Parse(field[1].Trim().Split(' ')[0]) / 1024.0);
                // A second replica of a service is named by its number: "Referral", "Referral 2".
                var service = name["PeerPlatform.".Length..];
                var key = Enumerable.Range(1, 16).Select(n => n == 1 ? service : $"{service} {n}").First(k => !memory.ContainsKey(k));
                memory[key] = new ServiceMemory(status["VmRSS"], status["RssAnon"], status["RssFile"], status["RssShmem"], status["VmHWM"]);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or KeyNotFoundException)
            {
                // not a process, or gone meanwhile
            }
        }

        return memory;
    }

    /// <summary>
    /// The GC heap as of its last collection, from the service's Prometheus endpoint: what it had
    /// committed (dotnet.gc.last_collection.memory.committed_size), the objects left after it
    /// (dotnet.gc.last_collection.heap.size, all generations) and the free space between them
    /// (heap.fragmentation.size), in MiB; null when the service does not say.
    /// </summary>
    public async Task<GcHeap?> GcHeapMiBAsync(string service, string operatorToken)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", operatorToken);
            var endpoint = new Uri(service == "Gateway" ? Gateway : ServiceHttp(service.ToLowerInvariant()), "/metrics");
            const double MiB = 1024 * 1024;
            return await Prometheus.SumAsync(http, endpoint, "dotnet_gc_last_collection_memory_committed_size") is { } committed
                ? new GcHeap(
                    committed / MiB,
                    await Prometheus.SumAsync(http, endpoint, "dotnet_gc_last_collection_heap_size") / MiB,
                    await Prometheus.SumAsync(http, endpoint, "dotnet_gc_last_collection_heap_fragmentation_size") / MiB)
                : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            // ArgumentException: a second replica ("Referral 2") has no endpoint of its own to ask.
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        telemetry.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        local.DeleteData();
    }
}

/// <summary>
/// An HTTP endpoint that answers 200 to everything and keeps nothing but bytes and requests per
/// path: the services' OTLP exporters post to it, and so do webhook deliveries (path /webhooks).
/// </summary>
internal sealed class TelemetrySink : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> received = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> requests = new();

    public TelemetrySink(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    long length = 0;
                    for (int read; (read = await context.Request.InputStream.ReadAsync(buffer)) > 0;)
                    {
                        length += read;
                    }

                    received.AddOrUpdate(context.Request.Url?.AbsolutePath ?? "", length, (_, total) => total + length);
                    requests.AddOrUpdate(context.Request.Url?.AbsolutePath ?? "", 1, (_, total) => total + 1);
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception) when (!listener.IsListening)
                {
                    return;
                }
                catch (HttpListenerException)
                {
                }
            }
        });
    }

    public string Endpoint { get; }

    /// <summary>Bytes received so far per OTLP path (/v1/traces, /v1/metrics, /v1/logs).</summary>
    public IReadOnlyDictionary<string, long> Received => received;

    /// <summary>Requests received so far per path.</summary>
    public IReadOnlyDictionary<string, long> Requests => requests;

    public void Dispose() => listener.Close();
}

/// <summary>Resident memory now and its parts, and the most it has been since the process started (Peak), in MiB.</summary>
public sealed record ServiceMemory(double Resident, double Anonymous, double FileBacked, double SharedMemory, double Peak);

/// <summary>The GC heap at its last collection, in MiB: committed, objects left, free space between them.</summary>
public sealed record GcHeap(double Committed, double? Objects, double? Fragmentation)
{
    public override string ToString() =>
        $"GC heap committed {Committed:0} MiB" + (Objects is { } objects ? $", {objects:0} MiB of objects after the last collection" : "")
        + (Fragmentation is { } free ? $" and {free:0} MiB free between them" : "");
}
