using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PeerPlatform.Bench;

/// <summary>docs/benchmarks.md: the machine, the run, and every figure beside its baseline and target.</summary>
public static class BenchmarkReport
{
    public static string Render(IReadOnlyList<Figure> figures, BenchSettings settings, TimeSpan elapsed)
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
        text.AppendLine($"| run | {(settings.Quick ? "--quick (smoke check: a few seconds per scenario; figures are not meaningful)" : $"{settings.Duration.TotalSeconds:0} s per measurement after {settings.Warmup.TotalSeconds:0} s warm-up, {settings.Concurrency} callers in closed-loop runs, {settings.Events} events")}; {elapsed.TotalMinutes:0.0} min in all |");
        text.AppendLine();
        text.AppendLine("| scenario | measured | baseline (same run) | ratio | target | met |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var figure in figures)
        {
            var met = figure.Met switch { true => "yes", false => "**no**", null => "—" };
            var notes = string.Join("; ", new[] { figure.Problem, figure.Notes }.Where(n => !string.IsNullOrEmpty(n))) is { Length: > 0 } joined ? $" ({joined})" : "";
            text.AppendLine($"| {figure.Scenario} | {figure.Measured} | {figure.Baseline} | {figure.Ratio} | {figure.Target} | {met}{notes} |");
        }

        return text.ToString();
    }

    private static string Git(string arguments)
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
