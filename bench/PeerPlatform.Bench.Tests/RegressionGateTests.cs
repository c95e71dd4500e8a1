namespace PeerPlatform.Bench.Tests;

public sealed class RegressionGateTests
{
    private static Baseline Of(params BaselineFigure[] figures) => new("abc1234", "quick", 3, DateTimeOffset.UnixEpoch, figures);

    [Fact]
    public void A_figure_worse_than_the_baseline_by_more_than_its_spread_fails_and_one_within_it_passes()
    {
        var baseline = Of(new BaselineFigure("reads.gateway_ratio", 0.75, 0.04, HigherIsBetter: true), new BaselineFigure("create.referral_cpu_ratio", 1.20, 0.10, HigherIsBetter: false));

        Assert.Empty(RegressionGate.Compare(baseline, [new("reads.gateway_ratio", 0.72, true), new("create.referral_cpu_ratio", 1.29, false)]));
        var failed = RegressionGate.Compare(baseline, [new("reads.gateway_ratio", 0.70, true), new("create.referral_cpu_ratio", 1.31, false)]);

        Assert.Equal(["reads.gateway_ratio", "create.referral_cpu_ratio"], failed.Select(r => r.Key));
        Assert.Equal("reads.gateway_ratio: 0.7 against the baseline's 0.75, worse by 0.05, more than its spread of 0.04", failed[0].ToString());
    }

    [Fact]
    public void Better_figures_new_figures_and_unmeasured_ones_never_fail()
    {
        var baseline = Of(new BaselineFigure("reads.grpc_ratio", 1.05, 0.02, HigherIsBetter: true));

        Assert.Empty(RegressionGate.Compare(baseline, [new("reads.grpc_ratio", 1.50, true), new("brand.new", 99, false), new("reads.grpc_ratio", double.NaN, true)]));
    }

    [Fact]
    public void A_baseline_of_repeated_runs_takes_each_figures_median_and_its_range_as_the_spread()
    {
        IReadOnlyList<GatedValue>[] runs =
        [
            [new("a", 0.74, true), new("b", 2.0, false)],
            [new("a", 0.78, true), new("b", 2.2, false)],
            [new("a", 0.75, true)],
        ];

        var baseline = Baseline.FromRuns("abc1234", "quick", runs, DateTimeOffset.UnixEpoch);

        var a = Assert.Single(baseline.Figures); // "b" was not measured in every run: no baseline for it
        Assert.Equal(("a", 0.75, true), (a.Key, a.Value, a.HigherIsBetter));
        Assert.Equal(0.04, a.Spread, 10);
        Assert.Equal(baseline, Baseline.Parse(baseline.ToJson()) with { Figures = baseline.Figures });
        Assert.Equal(baseline.Figures, Baseline.Parse(baseline.ToJson()).Figures);
    }

    [Fact]
    public void A_regression_fails_only_when_the_second_measurement_confirms_it()
    {
        var baseline = Of(new BaselineFigure("reads.grpc_throughput_ratio", 1.05, 0.05, HigherIsBetter: true), new BaselineFigure("create.referral_cpu_ratio", 1.20, 0.10, HigherIsBetter: false));
        var first = RegressionGate.Compare(baseline, [new("reads.grpc_throughput_ratio", 0.90, true), new("create.referral_cpu_ratio", 1.50, false)]);
        Assert.Equal(["reads", "create"], RegressionGate.ScenariosOf(first));

        // Measured again: gRPC is back within its spread (a slow spell), the create is still slow (a regression).
        var second = RegressionGate.Compare(baseline, [new("reads.grpc_throughput_ratio", 1.02, true), new("create.referral_cpu_ratio", 1.45, false)]);

        var confirmed = Assert.Single(RegressionGate.Confirmed(first, second));
        Assert.Equal(("create.referral_cpu_ratio", 1.45), (confirmed.Key, confirmed.Value));
    }

    [Fact]
    public async Task The_quick_run_fails_a_figure_worse_than_the_committed_baseline_allows_twice_and_passes_one_within_it()
    {
        var folder = Directory.CreateTempSubdirectory("gate-");
        try
        {
            // A baseline made as ./peer bench makes it: from the kept figures of repeated runs.
            await GateFiles.WriteSampleAsync(Path.Combine(folder.FullName, "run-1.json"), [new("create.referral_cpu_ratio", 1.10, false)]);
            await GateFiles.WriteSampleAsync(Path.Combine(folder.FullName, "run-2.json"), [new("create.referral_cpu_ratio", 1.20, false)]);
            await GateFiles.WriteSampleAsync(Path.Combine(folder.FullName, "run-3.json"), [new("create.referral_cpu_ratio", 1.15, false)]);
            var baselinePath = Path.Combine(folder.FullName, "baseline.json");
            await File.WriteAllTextAsync(baselinePath, Baseline.FromRuns("abc1234", "quick", GateFiles.ReadSamples(folder.FullName), DateTimeOffset.UnixEpoch).ToJson());
            var log = new StringWriter();
            var measuredAgain = new List<string>();

            // 1.15 ± 0.10: 1.24 passes at once; 1.40 (a deliberate regression) fails after it is measured again.
            Assert.Empty(await RegressionCheck.RunAsync(baselinePath, [new("create.referral_cpu_ratio", 1.24, false)], Again(1.24), log));
            var failed = Assert.Single(await RegressionCheck.RunAsync(baselinePath, [new("create.referral_cpu_ratio", 1.40, false)], Again(1.38), log));

            Assert.Equal(["create"], measuredAgain);
            Assert.Equal("create.referral_cpu_ratio: 1.38 against the baseline's 1.15, worse by 0.23, more than its spread of 0.1", failed.ToString());
            Assert.Contains("within their spread of the baseline of abc1234 (3 runs", log.ToString(), StringComparison.Ordinal);

            Func<IReadOnlyList<string>, Task<IReadOnlyList<GatedValue>>> Again(double value) => scenarios =>
            {
                measuredAgain.AddRange(scenarios);
                return Task.FromResult<IReadOnlyList<GatedValue>>([new("create.referral_cpu_ratio", value, false)]);
            };
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
