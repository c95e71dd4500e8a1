using System.ComponentModel.DataAnnotations;
using PeerPlatform.Supervision;

namespace PeerPlatform.UnitTests.Supervision;

/// <summary>The bounds ValidateDataAnnotations checks when the service starts.</summary>
public sealed class SupervisionOptionsTests
{
    private static bool IsValid(SupervisionOptions options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);

    [Fact]
    public void The_defaults_are_valid() => Assert.True(IsValid(new SupervisionOptions()));

    [Theory]
    [InlineData(6, false)]
    [InlineData(7, true)]
    [InlineData(92, true)]
    [InlineData(93, false)]
    public void The_default_frequency_is_one_an_agreement_may_have(int days, bool valid) =>
        Assert.Equal(valid, IsValid(new SupervisionOptions { DefaultFrequencyDays = days }));

    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("-00:05:00", false)]
    [InlineData("00:00:01", true)]
    [InlineData("01:00:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("2.00:00:00", false)]
    public void The_overdue_check_runs_at_least_daily_and_at_most_every_second(string interval, bool valid) =>
        Assert.Equal(valid, IsValid(new SupervisionOptions { OverdueCheckInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }));
}
