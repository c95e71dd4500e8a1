using System.Net.Http.Json;
using Grpc.Core;
using Grpc.Net.Client;
using PeerPlatform.Bench.Load;
using PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Bench.Scenarios;

/// <summary>
/// Brings the suite to a steady state before anything is measured. A freshly started service
/// spends its first minutes under load compiling: every method is JIT-compiled, then compiled
/// again at higher tiers once it is hot (docs/decisions/0004). Scenarios measured in that window
/// measure the JIT.
/// Reads (REST direct and through the gateway, native gRPC) and creates, whose events reach the
/// relay and the consumers, run in rounds until no service spends more than
/// <see cref="SettledJitSeconds"/> compiling in a round, bounded by <see cref="Patience"/>.
/// JIT time comes from each service's Prometheus endpoint (dotnet.jit.compilation.time).
/// </summary>
public static class SuiteWarmup
{
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private const double SettledJitSeconds = 0.1;
    private static readonly string[] Services = ["referral", "workforce", "supervision", "outcomes", "identity"];

    public static async Task RunAsync(BenchSuite suite, BenchSettings settings, string token, string referralId, TextWriter log)
    {
        using var direct = ReadScenarios.Client(suite.ServiceHttp("referral"), token);
        using var gateway = ReadScenarios.Client(suite.Gateway, token);
        using var channel = GrpcChannel.ForAddress(suite.GatewayGrpc);
        var grpc = new ReferralService.ReferralServiceClient(channel);
        var headers = new Metadata { { "Authorization", "Bearer " + token } };
        using var metrics = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var calls = 0L;

        async Task<bool> Mixed(CancellationToken cancellationToken)
        {
            // Reads both ways, native gRPC and creates (whose events warm the relay and consumers).
            switch (Interlocked.Increment(ref calls) % 4)
            {
                case 0:
                    using (var created = await gateway.PostAsJsonAsync("/api/referrals", ReadScenarios.NewReferral(), cancellationToken))
                    {
                        return LoadGenerator.Succeeded(created);
                    }

                case 1:
                    return (await grpc.GetReferralAsync(new GetReferralRequest { ReferralId = referralId }, headers, cancellationToken: cancellationToken)).ReferralId == referralId;
                default:
                    using (var read = await (calls % 2 == 0 ? direct : gateway).GetAsync($"/api/referrals/{referralId}", cancellationToken))
                    {
                        return LoadGenerator.Succeeded(read);
                    }
            }
        }

        var started = DateTime.UtcNow;
        var before = await JitSecondsAsync(suite, metrics);
        while (true)
        {
            await LoadGenerator.ClosedLoopAsync("warm-up", settings.Concurrency, TimeSpan.Zero, Round, Mixed, measured: false);
            var after = await JitSecondsAsync(suite, metrics);
            var spent = after.ToDictionary(s => s.Key, s => s.Value - before.GetValueOrDefault(s.Key));
            before = after;
            var busiest = spent.MaxBy(s => s.Value);
            log.WriteLine($"warm-up: JIT time in the last {Round.TotalSeconds:0} s: " + string.Join(", ", spent.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:0.00} s")));
            if (busiest.Value <= SettledJitSeconds)
            {
                log.WriteLine($"warm-up: settled after {(DateTime.UtcNow - started).TotalSeconds:0} s");
                return;
            }

            if (DateTime.UtcNow - started > Patience)
            {
                log.WriteLine($"warm-up: not settled after {Patience.TotalMinutes:0} min ({busiest.Key} still compiling); measuring anyway");
                return;
            }
        }
    }

    /// <summary>Each service's JIT time so far, in seconds (the sum of the counter's series).</summary>
    private static async Task<Dictionary<string, double>> JitSecondsAsync(BenchSuite suite, HttpClient http)
    {
        var seconds = new Dictionary<string, double>();
        foreach (var service in Services)
        {
            seconds[service] = await Prometheus.SumAsync(http, new Uri(suite.ServiceHttp(service), "/metrics"), "dotnet_jit_compilation_time_seconds")
                ?? throw new InvalidOperationException($"{service}'s /metrics has no dotnet_jit_compilation_time_seconds: the warm-up cannot tell when compiling has settled.");
        }

        return seconds;
    }
}
