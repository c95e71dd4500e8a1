using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Outcomes.Questionnaires;
using PeerPlatform.Outcomes.Reports;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.UnitTests.Outcomes;

public sealed class SuppressionTests
{
    [Fact]
    public void Small_counts_and_everything_built_on_them_are_withheld_in_published_reports()
    {
        var published = new Figures(suppress: true, threshold: 5);
        Assert.True(published.Count(4).Suppressed);
        Assert.Equal(0, published.Count(4).Value);
        Assert.False(published.Count(0).Suppressed);   // nobody is not a small number of people
        Assert.Equal(5, published.Count(5).Value);

        var rate = published.Rate(3, 20);
        Assert.False(rate.Computable);
        Assert.True(rate.Numerator.Suppressed);
        Assert.Equal(20, rate.Denominator.Value);
        Assert.False(published.Difference(new PairedDifference(4, 1, 2, 1, 0, 2)).Computable);
        Assert.True(published.Difference(new PairedDifference(6, 1, 2, 1, 0, 2)).Computable);
    }

    [Fact]
    public void The_trusts_own_report_shows_every_count()
    {
        var internalReport = new Figures(suppress: false, threshold: 5);
        Assert.Equal(1, internalReport.Count(1).Value);
        var rate = internalReport.Rate(1, 4);
        Assert.True(rate.Computable);
        Assert.Equal(0.25, rate.Value);
        Assert.False(internalReport.Rate(0, 0).Computable);
    }

    [Fact]
    public void The_csv_export_has_a_row_per_figure_and_marks_suppressed_ones()
    {
        var figures = new Figures(suppress: true, threshold: 5);
        var report = new C.ProgrammeReport
        {
            From = "2026-01-01", To = "2026-12-31", Referrals = figures.Count(12), ConsentRate = figures.Rate(3, 12),
            BedDays = new C.BedDayFigures { Caveat = BedDays.Caveat, UnitCostSource = "Trust finance, 2025/26", Currency = "GBP" },
            RelationshipPeerMinusOther = new C.MeanDifference(), WorkerWellbeingChange = new C.MeanDifference(), WorkerSelfEsteemChange = new C.MeanDifference(),
        };
        var csv = ProgrammeReportBuilder.ToCsv(report);
        var lines = csv.Data.ToStringUtf8().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv; charset=utf-8", csv.ContentType);
        Assert.Equal("section,figure,value,suppressed", lines[0]);
        Assert.Contains("referrals,received,12,false", lines);
        Assert.Contains("journey,consent_rate_numerator,,true", lines);
        Assert.Contains("bed_days,unit_cost_source,\"Trust finance, 2025/26\",false", lines);
    }

    [Fact]
    public void Domain_and_contract_enums_share_their_numbering()
    {
        ContractEnums.AssertSameNumbering<RespondentType, C.RespondentType>();
        ContractEnums.AssertSameNumbering<ScoringRule, C.ScoringRule>();
        ContractEnums.AssertSameNumbering<Occasion, C.Occasion>();
    }
}
