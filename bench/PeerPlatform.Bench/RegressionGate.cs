using System.Text.Json;

namespace PeerPlatform.Bench;

/// <summary>A figure the regression gate compares: a ratio or a CPU per call, and which way is better.</summary>
public sealed record GatedValue(string Key, double Value, bool HigherIsBetter);

/// <summary>
/// A figure's value in the baseline and how far it moved between repeated runs of the same code
/// (<see cref="Spread"/>: the range, largest minus smallest, over <see cref="Baseline.Runs"/> runs).
/// </summary>
public sealed record BaselineFigure(string Key, double Value, double Spread, bool HigherIsBetter);

/// <summary>What the gate compares a run with: each figure's median and spread over repeated runs of one commit.</summary>
public sealed record Baseline(string Commit, string Mode, int Runs, DateTimeOffset MeasuredAt, IReadOnlyList<BaselineFigure> Figures)
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The baseline of repeated runs: each figure's median, and its range as the spread.</summary>
    public static Baseline FromRuns(string commit, string mode, IReadOnlyList<IReadOnlyList<GatedValue>> runs, DateTimeOffset measuredAt)
    {
        var figures = runs.SelectMany(run => run)
            .Where(v => double.IsFinite(v.Value))
            .GroupBy(v => v.Key)
            .Where(g => g.Count() == runs.Count)
            .Select(g =>
            {
                var values = g.Select(v => v.Value).Order().ToList();
                var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
                return new BaselineFigure(g.Key, median, values[^1] - values[0], g.First().HigherIsBetter);
            })
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToList();
        return new Baseline(commit, mode, runs.Count, measuredAt, figures);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Baseline Parse(string json) =>
        JsonSerializer.Deserialize<Baseline>(json, Json) ?? throw new InvalidDataException("The baseline file is empty.");
}

/// <summary>A figure worse than its baseline by more than the baseline's spread.</summary>
public sealed record Regression(string Key, double Baseline, double Value, double Spread)
{
    public override string ToString() =>
        $"{Key}: {Value:0.###} against the baseline's {Baseline:0.###}, worse by {Math.Abs(Value - Baseline):0.###}, more than its spread of {Spread:0.###}";
}

/// <summary>
/// Compares a run's gated figures with the baseline: a figure fails when it is worse than the
/// baseline's value by more than the spread measured between runs of the same code. A figure
/// without a baseline, or one a run could not measure (NaN), is not judged.
/// </summary>
public static class RegressionGate
{
    public static IReadOnlyList<Regression> Compare(Baseline baseline, IEnumerable<GatedValue> measured)
    {
        var known = baseline.Figures.ToDictionary(f => f.Key);
        var regressions = new List<Regression>();
        foreach (var value in measured.Where(v => double.IsFinite(v.Value)))
        {
            if (!known.TryGetValue(value.Key, out var figure))
            {
                continue;
            }

            var worseBy = figure.HigherIsBetter ? figure.Value - value.Value : value.Value - figure.Value;
            if (worseBy > figure.Spread)
            {
                regressions.Add(new Regression(value.Key, figure.Value, value.Value, figure.Spread));
            }
        }

        return regressions;
    }

    /// <summary>
    /// The regressions a second measurement confirms: a figure fails only when it is worse than its
    /// spread allows both times, so that one slow spell of a shared machine does not fail a build
    /// while a real regression, which is there every time, still does.
    /// </summary>
    public static IReadOnlyList<Regression> Confirmed(IReadOnlyList<Regression> first, IReadOnlyList<Regression> second) =>
        second.Where(again => first.Any(r => r.Key == again.Key)).ToList();

    /// <summary>The scenarios a figure's key comes from ("reads.grpc_throughput_ratio" is the reads').</summary>
    public static IReadOnlyList<string> ScenariosOf(IEnumerable<Regression> regressions) =>
        regressions.Select(r => r.Key.Split('.')[0]).Distinct().ToList();
}

/// <summary>The committed baseline, and the gated figures one --quick run keeps for a baseline to be made of.</summary>
public static class GateFiles
{
    public const string DefaultBaseline = "bench/baseline.json";

    public static Task WriteSampleAsync(string path, IReadOnlyList<GatedValue> values) =>
        File.WriteAllTextAsync(path, JsonSerializer.Serialize(values, Baseline.Json));

    /// <summary>Every run kept in a folder (one JSON file per run).</summary>
    public static IReadOnlyList<IReadOnlyList<GatedValue>> ReadSamples(string folder) =>
        Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal)
            .Select(file => (IReadOnlyList<GatedValue>)(JsonSerializer.Deserialize<List<GatedValue>>(File.ReadAllText(file), Baseline.Json) ?? []))
            .ToList();
}

/// <summary>The gate as --quick applies it: compare, measure the doubted scenarios again, and fail what is confirmed.</summary>
public static class RegressionCheck
{
    public static async Task<IReadOnlyList<Regression>> RunAsync(
        string baselinePath, IReadOnlyList<GatedValue> measured, Func<IReadOnlyList<string>, Task<IReadOnlyList<GatedValue>>> measureAgain, TextWriter log)
    {
        if (!File.Exists(baselinePath))
        {
            log.WriteLine($"bench: regression gate: no baseline at {baselinePath}; nothing compared (./peer bench writes it)");
            return [];
        }

        var baseline = Baseline.Parse(await File.ReadAllTextAsync(baselinePath));
        var first = RegressionGate.Compare(baseline, measured);
        var against = $"the baseline of {baseline.Commit} ({baseline.Runs} runs, {baseline.MeasuredAt:yyyy-MM-dd})";
        if (first.Count == 0)
        {
            log.WriteLine($"bench: regression gate: {measured.Count(v => baseline.Figures.Any(f => f.Key == v.Key))} figures within their spread of {against}");
            return [];
        }

        foreach (var regression in first)
        {
            log.WriteLine($"bench: regression gate: {regression}; measuring again");
        }

        var scenarios = RegressionGate.ScenariosOf(first);
        var second = RegressionGate.Compare(baseline, await measureAgain(scenarios));
        var confirmed = RegressionGate.Confirmed(first, second);
        log.WriteLine(confirmed.Count == 0
            ? $"bench: regression gate: measured again ({string.Join(", ", scenarios)}), every figure within its spread of {against}"
            : $"bench: regression gate: {confirmed.Count} figures worse than {against} allows, twice");
        return confirmed;
    }
}
