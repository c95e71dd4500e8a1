using PeerPlatform.Contracts.Supervision.V1;
using PeerPlatform.Grpc;
using PeerPlatform.Supervision.Figures;

namespace PeerPlatform.UnitTests.Supervision;

/// <summary>The 36-month cap on compliance rates holds for the range after defaults, not only when both bounds are given.</summary>
public sealed class ComplianceRatesValidatorTests
{
    // 15 June 2026: this month is June 2026.
    private readonly GetComplianceRatesValidator validator = new(new FixedClock(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero)));

    private IReadOnlyList<string> FieldsInError(string fromMonth, string toMonth) =>
        validator.Validate(new GetComplianceRatesRequest { FromMonth = fromMonth, ToMonth = toMonth })
            .Errors.Select(e => GrpcErrorInterceptor.ToProtoFieldPath(e.PropertyName)).Distinct().ToList();

    [Theory]
    [InlineData("", "")]
    [InlineData("2023-07", "")] // July 2023 to June 2026: 36 months
    [InlineData("", "0001-01")] // the eleven months before it do not exist: from the first month
    [InlineData("", "2020-01")]
    [InlineData("2027-01", "")] // after this month: no months, nothing to refuse
    [InlineData("2020-01", "2022-12")]
    public void Accepts_ranges_of_at_most_36_months(string fromMonth, string toMonth)
    {
        Assert.Empty(FieldsInError(fromMonth, toMonth));
    }

    [Theory]
    [InlineData("0001-01")] // ~24,000 months to this one
    [InlineData("2023-06")] // 37 months
    public void Refuses_a_from_month_alone_more_than_36_months_before_this_month(string fromMonth)
    {
        Assert.Equal(["from_month"], FieldsInError(fromMonth, ""));
        Assert.Contains("36 months", validator.Validate(new GetComplianceRatesRequest { FromMonth = fromMonth }).Errors.Single().ErrorMessage);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
