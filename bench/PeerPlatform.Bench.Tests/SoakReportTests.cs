using PeerPlatform.Bench.Scenarios;

namespace PeerPlatform.Bench.Tests;

public sealed class SoakReportTests
{
    [Fact]
    public void The_slope_is_the_least_squares_line_through_the_samples()
    {
        Assert.Equal(2.0, SoakResult.Slope([(10, 100), (11, 102), (12, 104), (13, 106)]), 10);
        Assert.Equal(0.4, SoakResult.Slope([(0, 10), (1, 12), (2, 10), (3, 12)]), 10); // a sawtooth: a small slope, not the 2 MiB of each step
        Assert.Equal(0, SoakResult.Slope([(5, 100)]));
    }

    [Fact]
    public void The_trend_is_fitted_over_the_last_twenty_minutes_or_the_last_two_thirds_of_a_shorter_run()
    {
        static SoakResult Of(int minutes) => new(TimeSpan.FromMinutes(minutes),
            Enumerable.Range(0, minutes + 1).Select(m => new MemorySample(m, new Dictionary<string, ProcessMemory> { ["Referral"] = new(100 + m, 10) })).ToList(), [], new Dictionary<string, long>());

        Assert.Equal((10, 30), (Of(30).Window[0].Minute, Of(30).Window[^1].Minute));
        Assert.Equal((3, 9), (Of(9).Window[0].Minute, Of(9).Window[^1].Minute));
    }

    [Fact]
    public void A_soak_replaces_its_own_section_of_the_report_and_nothing_else()
    {
        var nl = Environment.NewLine;
        var report = $"# Benchmarks{nl}{nl}## Where the CPU went, per call (this run){nl}{nl}table{nl}{nl}## Running the benchmarks{nl}{nl}notes{nl}";

        var first = SoakResult.Replace(report, $"## Memory under sustained load (first){nl}{nl}one{nl}");
        var second = SoakResult.Replace(first, $"## Memory under sustained load (second){nl}{nl}two{nl}");

        Assert.Equal($"# Benchmarks{nl}{nl}## Where the CPU went, per call (this run){nl}{nl}table{nl}{nl}## Memory under sustained load (first){nl}{nl}one{nl}{nl}## Running the benchmarks{nl}{nl}notes{nl}", first);
        Assert.Equal(first.Replace("(first)", "(second)", StringComparison.Ordinal).Replace($"{nl}one{nl}", $"{nl}two{nl}", StringComparison.Ordinal), second);
    }
}
