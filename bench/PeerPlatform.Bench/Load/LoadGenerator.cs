using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace PeerPlatform.Bench.Load;

/// <summary>What one run of load measured: successful calls, failures, time, and latency in microseconds.</summary>
public sealed class LoadResult(string name, long succeeded, long failed, TimeSpan elapsed, HistogramBase latencyMicros)
{
    public string Name { get; } = name;

    public long Succeeded { get; } = succeeded;

    public long Failed { get; } = failed;

    public TimeSpan Elapsed { get; } = elapsed;

    private HistogramBase Latency { get; } = latencyMicros;

    public double Throughput => Succeeded / Elapsed.TotalSeconds;

    /// <summary>CPU per successful call in ms: every process's (no group), or the named groups' (e.g. "Gateway"); NaN where /proc gave none.</summary>
    public double CpuMsPerCall(params string[] groups) =>
        Cpu is not { SecondsByGroup.Count: > 0 } cpu || Succeeded == 0 ? double.NaN
            : 1000 * (groups.Length == 0 ? cpu.TotalSeconds : groups.Sum(g => cpu.SecondsByGroup.GetValueOrDefault(g))) / Succeeded;

    /// <summary>Latency at <paramref name="percentile"/> (0–100), in milliseconds.</summary>
    public double LatencyMs(double percentile) => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / 1000.0;

    /// <summary>Several runs of one path as one: calls, time, latencies and CPU added up.</summary>
    public static LoadResult Combine(string name, IReadOnlyList<LoadResult> parts)
    {
        var latency = parts[0].Latency.Copy();
        foreach (var part in parts.Skip(1))
        {
            latency.Add(part.Latency);
        }

        var reasons = parts.Select(p => p.FailureReasons).OfType<string>().ToList();
        var stalls = parts.Where(p => p.Stalls is not null).Select(p => $"{p.Name}: {p.Stalls}").ToList();
        return new LoadResult(name, parts.Sum(p => p.Succeeded), parts.Sum(p => p.Failed), TimeSpan.FromTicks(parts.Sum(p => p.Elapsed.Ticks)), latency)
        {
            FailureReasons = reasons.Count == 0 ? null : string.Join("; ", reasons),
            Stalls = stalls.Count == 0 ? null : string.Join("; ", stalls),
            Cpu = parts.All(p => p.Cpu is not null) ? CpuUse.Sum(parts.Select(p => p.Cpu!)) : null,
        };
    }

    /// <summary>Fixed-rate runs: when calls took over the stall threshold, by quarter second of the run.</summary>
    public string? Stalls { get; init; }

    /// <summary>Why calls failed, most frequent first ("HTTP 409 ×2, gRPC Unavailable ×1"); null when none did.</summary>
    public string? FailureReasons { get; init; }

    /// <summary>CPU the runner and the suite used while this run was measured.</summary>
    public CpuUse? Cpu { get; init; }

    public override string ToString() =>
        $"{Name}: {Throughput:0} /s ({Succeeded} ok, {Failed} failed in {Elapsed.TotalSeconds:0.0} s), p50 {LatencyMs(50):0.00} ms, p90 {LatencyMs(90):0.00} ms, p99 {LatencyMs(99):0.00} ms"
        + (FailureReasons is { } reasons ? Environment.NewLine + "  failures: " + reasons : "")
        + (Stalls is { } stalls ? Environment.NewLine + "  stalls: " + stalls : "")
        + (Cpu is { } cpu ? Environment.NewLine + "  cpu: " + cpu.Describe(Succeeded) : "");
}

/// <summary>
/// Closed-loop and fixed-rate load, bounded in time. Latencies go into an HdrHistogram (1 µs to
/// 60 s, 3 significant digits). A call reports success by returning true; exceptions count as
/// failures, named by their kind in the result, and never stop the run.
/// </summary>
public static class LoadGenerator
{
    private const long MaxMicros = 60_000_000;

    private static readonly ConcurrentQueue<LoadResult> MeasuredRuns = new();

    /// <summary>Every measured run so far (warm-ups excluded), in order, for the report's CPU table.</summary>
    public static IReadOnlyCollection<LoadResult> Measured => MeasuredRuns;

    private static LoadResult Measure(LoadResult result, bool measured)
    {
        if (measured)
        {
            MeasuredRuns.Enqueue(result);
        }

        return result;
    }

    /// <summary>True for a 2xx answer; any other fails the call, named by its status code.</summary>
    public static bool Succeeded(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? true : throw new FailedCallException($"HTTP {(int)response.StatusCode}");

    /// <summary>
    /// <paramref name="concurrency"/> workers each call, wait for the answer, call again: the
    /// throughput a fixed number of callers gets. A warm-up runs first and is not counted.
    /// </summary>
    public static async Task<LoadResult> ClosedLoopAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, Func<CancellationToken, Task<bool>> call, bool measured = true)
    {
        await RunWorkersAsync(concurrency, warmup, call, histogram: null, new FailureTally());
        var histogram = new LongConcurrentHistogram(1, MaxMicros, 3);
        var failures = new FailureTally();
        var cpuBefore = CpuSnapshot.Take();
        var (succeeded, failed, elapsed) = await RunWorkersAsync(concurrency, duration, call, histogram, failures);
        var cpu = CpuUse.Between(cpuBefore, CpuSnapshot.Take());
        return Measure(new LoadResult(name, succeeded, failed, elapsed, histogram) { FailureReasons = failures.Summary(), Cpu = cpu }, measured);
    }

    /// <summary>
    /// Closed-loop runs of several paths in rounds, the order mirrored from one round to the next
    /// (A B C, then C B A), each path's rounds combined into one measured result. Whatever drifts
    /// while they run (other work on the machine, a checkpoint, tables growing) then falls on every
    /// path alike instead of on the one measured last. Each round has its own warm-up.
    /// </summary>
    public static Task<IReadOnlyList<LoadResult>> InterleavedClosedLoopsAsync(
        IReadOnlyList<(string Name, Func<CancellationToken, Task<bool>> Call)> paths, int rounds, int concurrency, TimeSpan warmup, TimeSpan duration, TextWriter log) =>
        InterleavedAsync(paths, rounds, log, (name, call) => ClosedLoopAsync(name, concurrency, warmup, duration / rounds, call, measured: false));

    /// <summary>Fixed-rate runs of several paths at one rate, in mirrored rounds as above.</summary>
    public static Task<IReadOnlyList<LoadResult>> InterleavedFixedRatesAsync(
        IReadOnlyList<(string Name, Func<CancellationToken, Task<bool>> Call)> paths, int rounds, double perSecond, TimeSpan duration, TextWriter log) =>
        InterleavedAsync(paths, rounds, log, (name, call) => FixedRateAsync(name, perSecond, duration / rounds, call, measured: false));

    private static async Task<IReadOnlyList<LoadResult>> InterleavedAsync(
        IReadOnlyList<(string Name, Func<CancellationToken, Task<bool>> Call)> paths, int rounds, TextWriter log,
        Func<string, Func<CancellationToken, Task<bool>>, Task<LoadResult>> runRound)
    {
        var parts = paths.Select(_ => new List<LoadResult>()).ToList();
        for (var round = 0; round < rounds; round++)
        {
            var order = Enumerable.Range(0, paths.Count).ToList();
            if (round % 2 == 1)
            {
                order.Reverse();
            }

            foreach (var path in order)
            {
                var part = await runRound($"{paths[path].Name} (round {round + 1} of {rounds})", paths[path].Call);
                log.WriteLine(part);
                parts[path].Add(part);
            }
        }

        return [.. paths.Select((path, index) => Measure(LoadResult.Combine(path.Name, parts[index]), measured: true))];
    }

    private static async Task<(long Succeeded, long Failed, TimeSpan Elapsed)> RunWorkersAsync(
        int concurrency, TimeSpan duration, Func<CancellationToken, Task<bool>> call, LongConcurrentHistogram? histogram, FailureTally failures)
    {
        long succeeded = 0, failed = 0;
        using var stop = new CancellationTokenSource(duration);
        var started = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var begin = Stopwatch.GetTimestamp();
                var ok = await TryCallAsync(call, failures);
                histogram?.RecordValue(Math.Clamp((long)Stopwatch.GetElapsedTime(begin).TotalMicroseconds, 1, MaxMicros));
                Interlocked.Increment(ref ok ? ref succeeded : ref failed);
            }
        }));
        await Task.WhenAll(workers);
        return (succeeded, failed, started.Elapsed);
    }

    /// <summary>
    /// Calls at a fixed rate whatever the answers take (up to <paramref name="maxInFlight"/> at
    /// once). Latency is measured from when a call was due, not when it was sent, so a stall
    /// shows in the percentiles instead of hiding (coordinated omission).
    /// </summary>
    /// <summary>A fixed-rate call slower than this counts as a stall in the run's timeline.</summary>
    public const int StallMs = 100;

    public static async Task<LoadResult> FixedRateAsync(
        string name, double perSecond, TimeSpan duration, Func<CancellationToken, Task<bool>> call, int maxInFlight = 256, bool measured = true)
    {
        var histogram = new LongConcurrentHistogram(1, MaxMicros, 3);
        var failures = new FailureTally();
        long succeeded = 0, failed = 0;
        using var inFlight = new SemaphoreSlim(maxInFlight);
        var calls = new List<Task>();
        var total = (long)(perSecond * duration.TotalSeconds);
        var cpuBefore = CpuSnapshot.Take();
        var started = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / perSecond;
        // The slowest call due in each quarter second, to show when a run stalled, not only that it did.
        var slowestByWindow = new long[(int)Math.Ceiling(duration.TotalSeconds * 4) + 1];
        for (long i = 0; i < total; i++)
        {
            var due = started + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            await inFlight.WaitAsync();
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    var ok = await TryCallAsync(call, failures);
                    var micros = Math.Clamp((long)Stopwatch.GetElapsedTime(due).TotalMicroseconds, 1, MaxMicros);
                    histogram.RecordValue(micros);
                    Interlocked.Increment(ref ok ? ref succeeded : ref failed);
                    ref var slowest = ref slowestByWindow[Math.Min((int)(Stopwatch.GetElapsedTime(started, due).TotalSeconds * 4), slowestByWindow.Length - 1)];
                    for (var seen = Volatile.Read(ref slowest); micros > seen; seen = Volatile.Read(ref slowest))
                    {
                        Interlocked.CompareExchange(ref slowest, micros, seen);
                    }
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(calls);
        var cpu = CpuUse.Between(cpuBefore, CpuSnapshot.Take());
        var stalls = slowestByWindow.Select((micros, window) => (At: window / 4.0, Ms: micros / 1000.0)).Where(w => w.Ms >= StallMs).ToList();
        return Measure(new LoadResult(name, succeeded, failed, Stopwatch.GetElapsedTime(started), histogram)
        {
            FailureReasons = failures.Summary(),
            Cpu = cpu,
            Stalls = stalls.Count == 0 ? null
                : $"{stalls.Count} of {slowestByWindow.Length - 1} quarter seconds had a call over {StallMs} ms: " + string.Join(", ", stalls.Select(w => $"{w.At:0.00} s ({w.Ms:0} ms)")),
        }, measured);
    }

    private static async Task<bool> TryCallAsync(Func<CancellationToken, Task<bool>> call, FailureTally failures)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            if (await call(timeout.Token))
            {
                return true;
            }

            failures.Add("unexpected answer");
            return false;
        }
        catch (Exception exception)
        {
            failures.Add(exception switch
            {
                FailedCallException failedCall => failedCall.Message,
                RpcException rpc => $"gRPC {rpc.StatusCode}",
                OperationCanceledException => "no answer in 30 s",
                _ => exception.GetType().Name,
            });
            return false;
        }
    }

    /// <summary>Failed calls counted by reason; the reasons are kinds, never payloads.</summary>
    private sealed class FailureTally
    {
        private readonly ConcurrentDictionary<string, long> counts = new();

        public void Add(string reason) => counts.AddOrUpdate(reason, 1, (_, count) => count + 1);

        public string? Summary() => counts.IsEmpty ? null
            : string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} ×{c.Value}"));
    }
}

/// <summary>A call that got an answer, but not a successful one.</summary>
public sealed class FailedCallException(string reason) : Exception(reason);
