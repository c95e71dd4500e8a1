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
}
