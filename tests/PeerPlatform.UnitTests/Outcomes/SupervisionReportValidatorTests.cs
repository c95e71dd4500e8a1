using PeerPlatform.Contracts.Outcomes.V1;
using PeerPlatform.Grpc;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.UnitTests.Outcomes;

/// <summary>The 36-month cap on supervision reports holds for the range after defaults, not only when both bounds are given.</summary>
public sealed class SupervisionReportValidatorTests
{
    // 15 June 2026: this month is June 2026.
    private readonly GetSupervisionReportValidator validator = new(new FixedClock(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero)));

    private IReadOnlyList<string> FieldsInError(string fromMonth, string toMonth) =>
        validator.Validate(new GetSupervisionReportRequest { FromMonth = fromMonth, ToMonth = toMonth })
            .Errors.Select(e => GrpcErrorInterceptor.ToProtoFieldPath(e.PropertyName)).Distinct().ToList();

    [Theory]
    [InlineData("", "")]
    [InlineData("2023-07", "")] // July 2023 to June 2026: 36 months
    [InlineData("", "0001-01")]
    [InlineData("2027-01", "")]
    [InlineData("2020-01", "2022-12")]
    public void Accepts_ranges_of_at_most_36_months(string fromMonth, string toMonth)
    {
        Assert.Empty(FieldsInError(fromMonth, toMonth));
    }

    [Theory]
    [InlineData("0001-01")]
    [InlineData("2023-06")]
    public void Refuses_a_from_month_alone_more_than_36_months_before_this_month(string fromMonth)
    {
        Assert.Equal(["from_month"], FieldsInError(fromMonth, ""));
    }

    [Fact]
    public void Still_refuses_a_range_given_in_full_that_is_too_long()
    {
        Assert.Equal(["to_month"], FieldsInError("2020-01", "2023-01"));
    }

    [Fact]
    public void The_default_range_is_the_twelve_months_to_this_month_and_never_before_the_first_month()
    {
        var june = new DateOnly(2026, 6, 1);
        Assert.Equal((new DateOnly(2025, 7, 1), june), ReportMonths.Resolve("", "", june));
        Assert.Equal(12, ReportMonths.Count(new DateOnly(2025, 7, 1), june));
        Assert.Equal((DateOnly.MinValue, new DateOnly(1, 5, 1)), ReportMonths.Resolve("", "0001-05", june));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
