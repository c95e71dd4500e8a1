namespace PeerPlatform.Bench;

/// <summary>How long and how hard each scenario runs: a few seconds in --quick (a smoke check), longer otherwise.</summary>
public sealed record BenchSettings(bool Quick, TimeSpan? WarmupOverride = null)
{
    public TimeSpan Warmup => WarmupOverride ?? (Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5));

    public TimeSpan Duration => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(20);

    /// <summary>Callers at once in closed-loop runs: enough to saturate two cores, few enough not to queue for ever.</summary>
    public int Concurrency => 16;

    /// <summary>
    /// Events in the throughput runs: enough that the baseline runs for seconds, not under one
    /// (at 5,000 it read 3,204-5,349 events/s across runs), and a backlog long enough to show
    /// how the relay claims from one.
    /// </summary>
    public int Events => Quick ? 300 : 20000;
}

/// <summary>
/// One row of docs/benchmarks.md: a measured figure beside its same-run baseline and its target.
/// <paramref name="Problem"/> says the scenario itself went wrong (failed calls, results that
/// disagree with the baseline): the run then fails, whatever the timings. <paramref name="Gate"/>
/// is the ratio the regression gate compares with the committed baseline (bench/baseline.json).
/// </summary>
public sealed record Figure(string Scenario, string Measured, string Baseline, string Ratio, string Target, bool? Met, string Notes = "", string? Problem = null, GatedValue? Gate = null);

public static class Format
{
    public static string PerSecond(double value) => $"{value:N0} /s";

    public static string Ms(double value) => $"{value:0.00} ms";

    // Three decimals where the third is not zero: 0.748× must not read as meeting "≥ 0.75×".
    public static string Times(double value) => $"{value:0.00#}×";

    /// <summary>A difference in milliseconds with its sign: "+1.51 ms", "−0.02 ms".</summary>
    public static string AddedMs(double value) => $"{(value < 0 ? "−" : "+")}{Math.Abs(value):0.00} ms";
}
