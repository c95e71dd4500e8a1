using PeerPlatform.Outcomes.Domain;

namespace PeerPlatform.UnitTests.Outcomes;

public sealed class StatisticsTests
{
    [Fact]
    public void The_paired_interval_matches_a_worked_example()
    {
        // Differences 2, 4, 3, 5, 1: mean 3, sd √2.5 = 1.5811, se = 0.7071, t(4) = 2.776,
        // half-width 1.9630 → 95% CI 1.0370 to 4.9630.
        (decimal, decimal)[] pairs = [(10, 12), (10, 14), (20, 23), (15, 20), (30, 31)];
        var result = Statistics.Paired(pairs)!;
        Assert.Equal(5, result.Pairs);
        Assert.Equal(3m, result.Mean);
        Assert.Equal(1.0370m, result.Lower!.Value, 3);
        Assert.Equal(4.9630m, result.Upper!.Value, 3);
        Assert.Equal(17m, result.MeanFirst);
        Assert.Equal(20m, result.MeanSecond);
    }

    [Fact]
    public void One_pair_has_a_mean_but_no_interval_and_none_has_nothing()
    {
        var one = Statistics.Paired([(3m, 5m)])!;
        Assert.Equal(2m, one.Mean);
        Assert.Null(one.Lower);
        Assert.Null(Statistics.Paired([]));
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(4, 2.776)]
    [InlineData(30, 2.042)]
    [InlineData(40, 2.021)]
    [InlineData(120, 1.980)]
    public void T_critical_values_match_the_tables(int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, Statistics.TCritical95(degreesOfFreedom), 3);

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(5m, Statistics.Median([9m, 1m, 5m]));
        Assert.Equal(4m, Statistics.Median([1m, 3m, 5m, 9m]));
        Assert.Null(Statistics.Median([]));
    }
}
