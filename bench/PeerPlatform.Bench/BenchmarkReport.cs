using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using PeerPlatform.Bench.Load;

namespace PeerPlatform.Bench;

/// <summary>docs/benchmarks.md: the machine, the run, and every figure beside its baseline and target.</summary>
public static class BenchmarkReport
{
    public static string Render(IReadOnlyList<Figure> figures, BenchSettings settings, TimeSpan elapsed, IReadOnlyCollection<LoadResult> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        text.AppendLine("Produced by `./peer bench` (bench/PeerPlatform.Bench): the whole suite started through the AppHost");
        text.AppendLine("(PostgreSQL and RabbitMQ from local binaries, every service its own process, all traffic on loopback),");
        text.AppendLine("each scenario run beside its baseline in the same run on the same machine. Ratios, not absolute");
        text.AppendLine("numbers, are what carry from one machine to another.");
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| date | {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC |");
        text.AppendLine($"| commit | {Git("rev-parse --short HEAD")}{(Git("status --porcelain").Length > 0 ? " (with uncommitted changes)" : "")} |");
        text.AppendLine($"| machine | {Environment.ProcessorCount} cores, {CpuModel()}, {MemoryGiB():0} GiB, {RuntimeInformation.OSDescription} |");
        text.AppendLine($"| runtime | .NET {Environment.Version}, build configuration {Configuration()} |");
        text.AppendLine($"| run | {(settings.Quick ? "--quick (a few seconds per scenario: ratios for the regression gate, not for the targets)" : $"{settings.Duration.TotalSeconds:0} s per measurement after {settings.Warmup.TotalSeconds:0} s warm-up (the reads in {Scenarios.ReadScenarios.ReadRounds} alternating rounds of {settings.Duration.TotalSeconds / Scenarios.ReadScenarios.ReadRounds:0} s per path, the closed-loop ones each after its own warm-up), {settings.Concurrency} callers in closed-loop runs, {settings.Events} events")}; {elapsed.TotalMinutes:0.0} min in all |");
        text.AppendLine();
        text.AppendLine("| scenario | measured | baseline (same run) | ratio | target | met |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var figure in figures)
        {
            var met = figure.Met switch { true => "yes", false => "**no**", null => "—" };
            var notes = string.Join("; ", new[] { figure.Problem, figure.Notes }.Where(n => !string.IsNullOrEmpty(n))) is { Length: > 0 } joined ? $" ({joined})" : "";
            text.AppendLine($"| {figure.Scenario} | {figure.Measured} | {figure.Baseline} | {figure.Ratio} | {figure.Target} | {met}{notes} |");
        }

        AppendCpu(text, runs);
        return text.ToString();
    }

    /// <summary>What --quick compares with: each gated ratio's median and spread over repeated --quick runs.</summary>
    public static string RenderBaseline(Baseline baseline)
    {
        var text = new StringBuilder();
        text.AppendLine("## The regression gate's baseline (bench/baseline.json)");
        text.AppendLine();
        text.AppendLine($"`./peer bench --quick`, which `.ci/run` runs, compares these ratios with its own and fails when one is worse than the median here by more than the spread: the range (largest minus smallest) over {baseline.Runs} `--quick` runs of {baseline.Commit}, each a fresh suite on the Debug build as in CI, made by this `./peer bench` before its full run. A figure outside its spread is measured again (its scenario, in the same suite) and fails only when it is outside both times. Ratios to a baseline measured in the same run, not absolute times or CPU, so that the gate judges the code and not the machine.");
        text.AppendLine();
        text.AppendLine("| figure | median | spread | fails when |");
        text.AppendLine("|---|---|---|---|");
        foreach (var figure in baseline.Figures)
        {
            var line = figure.HigherIsBetter ? $"< {figure.Value - figure.Spread:0.000}" : $"> {figure.Value + figure.Spread:0.000}";
            text.AppendLine($"| {figure.Key} | {figure.Value:0.000} | {figure.Spread:0.000} | {line} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// Where each measured run's CPU went, per successful call: what a ratio is made of, and why
    /// a path with more hops saturates the cores sooner.
    /// </summary>
    private static void AppendCpu(StringBuilder text, IReadOnlyCollection<LoadResult> runs)
    {
        var measured = runs.Where(r => r.Cpu is { SecondsByGroup.Count: > 0 } && r.Succeeded > 0).ToList();
        if (measured.Count == 0)
        {
            return;
        }

        // The groups that used at least 3 % of some run's CPU get a column; the rest are summed.
        var columns = measured
            .SelectMany(r => r.Cpu!.SecondsByGroup.Where(g => g.Value >= 0.03 * r.Cpu.TotalSeconds).Select(g => g.Key))
            .Distinct()
            .OrderByDescending(group => measured.Sum(r => r.Cpu!.SecondsByGroup.GetValueOrDefault(group) / r.Cpu.TotalSeconds))
            .ToList();
        text.AppendLine();
        text.AppendLine("## Where the CPU went, per call (this run)");
        text.AppendLine();
        text.AppendLine($"CPU time (user + system, from `/proc/PID/stat`) of the runner and every process under it while each run was measured, divided by the run's successful calls, in ms; and how many of the machine's {Environment.ProcessorCount} cores were busy on average. *runner* is the benchmark's own process: the load and the baselines' clients, and also the orchestrator's host and the sink the services export telemetry to.");
        text.AppendLine();
        text.AppendLine($"| run | calls/s | cores busy | CPU per call | {string.Join(" | ", columns)} | rest |");
        text.AppendLine($"|---|---|---|---|{string.Concat(columns.Select(_ => "---|"))}---|");
        foreach (var run in measured)
        {
            var cpu = run.Cpu!;
            double Ms(double seconds) => 1000 * seconds / run.Succeeded;
            var rest = cpu.TotalSeconds - columns.Sum(c => cpu.SecondsByGroup.GetValueOrDefault(c));
            text.AppendLine($"| {run.Name} | {run.Throughput:N0} | {cpu.CoresBusy:0.00} | {Ms(cpu.TotalSeconds):0.00} | {string.Join(" | ", columns.Select(c => $"{Ms(cpu.SecondsByGroup.GetValueOrDefault(c)):0.00}"))} | {Ms(rest):0.00} |");
        }
    }

    public static string Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    private static double MemoryGiB() =>
        File.Exists("/proc/meminfo") && File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal)) is { } line
            ? double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / (1024 * 1024)
            : 0;

    private static string Configuration() =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif
}
