using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using PeerPlatform.Bench.Load;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.TestSupport;

namespace PeerPlatform.Bench.Scenarios;

/// <summary>
/// Reading one referral by id: REST through the gateway against the same call straight to the
/// Referral service, and native gRPC through the gateway against REST through the gateway.
/// Every read is audited (an INSERT per read) on every path alike.
/// </summary>
public static class ReadScenarios
{
    /// <summary>Rounds each closed-loop read path is measured in (their time adds up to one measurement).</summary>
    public const int ReadRounds = 2;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSuite suite, BenchSettings settings, string token, string referralId, TextWriter log)
    {
        using var direct = Client(suite.ServiceHttp("referral"), token);
        using var gateway = Client(suite.Gateway, token);
        using var channel = GrpcChannel.ForAddress(suite.GatewayGrpc, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
        var grpc = new ReferralService.ReferralServiceClient(channel);
        var headers = new Metadata { { "Authorization", "Bearer " + token } };
        var path = $"/api/referrals/{referralId}";

        async Task<bool> Rest(HttpClient client, CancellationToken cancellationToken)
        {
            using var response = await client.GetAsync(path, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return LoadGenerator.Succeeded(response);
        }

        async Task<bool> Grpc(CancellationToken cancellationToken)
        {
            var referral = await grpc.GetReferralAsync(new GetReferralRequest { ReferralId = referralId }, headers, cancellationToken: cancellationToken);
            return referral.ReferralId == referralId;
        }

        // The three paths are compared with one another, so they are measured in alternating
        // rounds rather than one after another.
        var runs = await LoadGenerator.InterleavedClosedLoopsAsync(
            [("REST direct to Referral", ct => Rest(direct, ct)), ("REST through the gateway", ct => Rest(gateway, ct)), ("gRPC through the gateway", Grpc)],
            ReadRounds, settings.Concurrency, settings.Warmup, settings.Duration, log);
        var (directRun, gatewayRun, grpcRun) = (runs[0], runs[1], runs[2]);
        log.WriteLine(directRun);
        log.WriteLine(gatewayRun);
        log.WriteLine(grpcRun);

        // Latency added by the gateway at a quarter of the direct path's saturation rate (at half,
        // the two shared cores queue and the figure measured the machine: +0.8 to +17 ms between
        // runs), in mirrored rounds like the closed loops, so that a stall or a slower spell of
        // the machine falls on both paths alike instead of on whichever ran at the time.
        var rate = Math.Max(10, directRun.Throughput / 4);
        var paced = await LoadGenerator.InterleavedFixedRatesAsync(
            [($"REST direct at {rate:0}/s", ct => Rest(direct, ct)), ($"REST through the gateway at {rate:0}/s", ct => Rest(gateway, ct))],
            ReadRounds, rate, settings.Duration, log);
        var (directPaced, gatewayPaced) = (paced[0], paced[1]);
        log.WriteLine(directPaced);
        log.WriteLine(gatewayPaced);

        var throughputRatio = gatewayRun.Throughput / directRun.Throughput;
        var added = gatewayPaced.LatencyMs(90) - directPaced.LatencyMs(90);
        var grpcRatio = grpcRun.Throughput / gatewayRun.Throughput;
        // What the gateway itself costs per proxied call, against everything a direct read costs
        // (runner, Referral, PostgreSQL): a ratio within one run, so it measures the code, not the machine.
        var gatewayCpu = gatewayRun.CpuMsPerCall("Gateway");
        var directCpu = directRun.CpuMsPerCall();
        var gatewayShare = gatewayCpu / directCpu;
        return
        [
            new Figure("Read a referral: the gateway's CPU per proxied call", $"{Format.Ms(gatewayCpu)} CPU", $"direct read, every process {Format.Ms(directCpu)} CPU",
                $"{gatewayShare:P0}", "≤ 15% of the direct read", double.IsNaN(gatewayShare) ? null : gatewayShare <= 0.15,
                Gate: new("reads.gateway_cpu_share", gatewayShare, HigherIsBetter: false)),
            new Figure("Read a referral: REST through the gateway — throughput", Format.PerSecond(gatewayRun.Throughput), $"direct to Referral {Format.PerSecond(directRun.Throughput)}",
                Format.Times(throughputRatio), "≥ 0.75×", throughputRatio >= 0.75, Problem: Failures(directRun, gatewayRun),
                Gate: new("reads.gateway_throughput_ratio", throughputRatio, HigherIsBetter: true)),
            new Figure($"Read a referral: REST through the gateway — p90 at {rate:0}/s (a quarter of the direct saturation)", Format.Ms(gatewayPaced.LatencyMs(90)),
                $"direct {Format.Ms(directPaced.LatencyMs(90))}", Format.AddedMs(added), "< 1 ms added at p90", added < 1, Problem: Failures(directPaced, gatewayPaced)),
            new Figure("Read a referral: native gRPC through the gateway — throughput", Format.PerSecond(grpcRun.Throughput), $"REST through the gateway {Format.PerSecond(gatewayRun.Throughput)}",
                Format.Times(grpcRatio), "≥ 1.0×", grpcRatio >= 1.0, Problem: Failures(grpcRun),
                Gate: new("reads.grpc_throughput_ratio", grpcRatio, HigherIsBetter: true)),
        ];
    }

    /// <summary>A referral to read, created through the gateway like any trust system would.</summary>
    public static async Task<string> CreateReferralAsync(HttpClient gateway)
    {
        using var response = await gateway.PostAsJsonAsync("/api/referrals", NewReferral());
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("referralId").GetString()!;
    }

    /// <summary>
    /// A self-referral of a new client, with an NHS number this process never handed out before
    /// (random ones collide now and then in loads that register thousands of clients).
    /// </summary>
    public static JsonObject NewReferral() => ReferralPayloads.Json(ReferralSource.Self, NhsNumbers.Unique());

    public static HttpClient Client(Uri address, string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string? Failures(params LoadResult[] runs) =>
        runs.Sum(r => r.Failed) is var failed and > 0
            ? $"{failed} failed calls ({string.Join("; ", runs.Where(r => r.FailureReasons is not null).Select(r => $"{r.Name}: {r.FailureReasons}"))})"
            : null;
}
