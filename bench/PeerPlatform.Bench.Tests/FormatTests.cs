namespace PeerPlatform.Bench.Tests;

public sealed class FormatTests
{
    [Theory]
    [InlineData(0.748, "0.748×")]
    [InlineData(0.75, "0.75×")]
    [InlineData(1.5, "1.50×")]
    public void Ratios_keep_the_third_decimal_that_decides_a_target(double value, string expected) =>
        Assert.Equal(expected, Format.Times(value));

    [Theory]
    [InlineData(1.514, "+1.51 ms")]
    [InlineData(-0.02, "−0.02 ms")]
    [InlineData(0, "+0.00 ms")]
    public void Added_latency_carries_its_sign(double value, string expected) =>
        Assert.Equal(expected, Format.AddedMs(value));
}
