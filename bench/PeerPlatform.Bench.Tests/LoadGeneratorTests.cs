using Grpc.Core;
using HdrHistogram;
using PeerPlatform.Bench.Load;

namespace PeerPlatform.Bench.Tests;

public sealed class LoadGeneratorTests
{
    [Fact]
    public async Task Fixed_rate_latency_counts_from_when_a_call_was_due_not_from_when_it_was_sent()
    {
        // 20 calls due 20 ms apart, one at a time, each taking 50 ms: call k starts at about 50k ms
        // but was due at 20k ms, so it waited 30k ms before it was even sent. Timed from sending,
        // every call would read about 50 ms.
        var result = await LoadGenerator.FixedRateAsync("one at a time", perSecond: 50, TimeSpan.FromSeconds(0.4),
            async ct => { await Task.Delay(50, ct); return true; }, maxInFlight: 1, measured: false);

        Assert.Equal(20, result.Succeeded);
        Assert.Equal(0, result.Failed);
        Assert.True(result.LatencyMs(50) > 200, $"p50 {result.LatencyMs(50)} ms");
        Assert.True(result.LatencyMs(99) > 400, $"p99 {result.LatencyMs(99)} ms");
        Assert.Contains("had a call over 100 ms", result.Stalls);
    }

    [Fact]
    public async Task Interleaved_runs_mirror_their_order_each_round_and_add_up_each_paths_rounds()
    {
        var calls = new List<string>();
        Func<CancellationToken, Task<bool>> Path(string name) => _ =>
        {
            lock (calls)
            {
                calls.Add(name);
            }

            return Task.FromResult(true);
        };
        var log = new StringWriter();

        var results = await LoadGenerator.InterleavedFixedRatesAsync(
            [("A", Path("A")), ("B", Path("B")), ("C", Path("C"))], rounds: 2, perSecond: 100, TimeSpan.FromSeconds(0.2), log);

        // Rounds run one after another: A B C, then C B A.
        var order = calls.Where((name, index) => index == 0 || calls[index - 1] != name).ToList();
        Assert.Equal(["A", "B", "C", "B", "A"], order);
        Assert.Equal(["A", "B", "C"], results.Select(r => r.Name));
        Assert.All(results, r => Assert.Equal(20, r.Succeeded)); // 10 calls in each 0.1 s round
        // Both rounds' time: each lasts until its last call, due 0.09 s in (sent up to 1 ms early).
        Assert.All(results, r => Assert.InRange(r.Elapsed.TotalSeconds, 0.17, 10));
        Assert.Contains("C (round 2 of 2)", log.ToString());
        Assert.Contains(results[0], LoadGenerator.Measured);
    }

    [Fact]
    public async Task Failed_calls_are_counted_and_named_by_kind_without_stopping_the_run()
    {
        // A fixed rate makes a fixed number of calls (40/s for 0.2 s: 8), however slowly a busy
        // machine starts them, so every kind of answer comes up exactly twice.
        var next = 0;
        var result = await LoadGenerator.FixedRateAsync("mixed", perSecond: 40, TimeSpan.FromSeconds(0.2), _ =>
            (Interlocked.Increment(ref next) % 4) switch
            {
                1 => Task.FromResult(true),
                2 => throw new FailedCallException("HTTP 503"),
                3 => throw new RpcException(new Status(StatusCode.Unavailable, "down")),
                _ => Task.FromResult(false),
            }, measured: false);

        Assert.Equal(8, next);
        Assert.Equal(2, result.Succeeded);
        Assert.Equal(6, result.Failed);
        Assert.Contains("HTTP 503 ×2", result.FailureReasons);
        Assert.Contains("gRPC Unavailable ×2", result.FailureReasons);
        Assert.Contains("unexpected answer ×2", result.FailureReasons);
    }

    [Fact]
    public void Combined_rounds_add_up_calls_time_latencies_stalls_and_failures()
    {
        var first = Result("path (round 1 of 2)", succeeded: 10, failed: 1, seconds: 1, latenciesMicros: [1_000, 2_000],
            stalls: "1 of 4 quarter seconds had a call over 100 ms: 0.25 s (120 ms)");
        var second = Result("path (round 2 of 2)", succeeded: 30, failed: 0, seconds: 3, latenciesMicros: [8_000]);

        var combined = LoadResult.Combine("path", [first, second]);

        Assert.Equal(40, combined.Succeeded);
        Assert.Equal(1, combined.Failed);
        Assert.Equal(10, combined.Throughput, precision: 6);
        Assert.Equal(8, combined.LatencyMs(100), precision: 1);
        Assert.Equal(1, combined.LatencyMs(0), precision: 1);
        Assert.Equal("path (round 1 of 2): 1 of 4 quarter seconds had a call over 100 ms: 0.25 s (120 ms)", combined.Stalls);
        Assert.Equal("HTTP 500 ×1", combined.FailureReasons);
        Assert.Null(combined.Cpu);
    }

    private static LoadResult Result(string name, long succeeded, long failed, double seconds, long[] latenciesMicros, string? stalls = null)
    {
        var histogram = new LongConcurrentHistogram(1, 60_000_000, 3);
        foreach (var micros in latenciesMicros)
        {
            histogram.RecordValue(micros);
        }

        return new LoadResult(name, succeeded, failed, TimeSpan.FromSeconds(seconds), histogram) { FailureReasons = failed > 0 ? "HTTP 500 ×1" : null, Stalls = stalls };
    }
}
