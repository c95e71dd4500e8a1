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
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

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
}
