using PeerPlatform.Outcomes.Domain;
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
    public void One_pair_has_no_interval_and_is_not_computable_even_in_the_trusts_own_report()
    {
        var internalReport = new Figures(suppress: false, threshold: 5);
        var one = internalReport.Difference(Statistics.Paired([(10m, 14m)]));
        Assert.False(one.Computable);
        Assert.Equal(1, one.Pairs.Value);
        Assert.True(internalReport.Difference(Statistics.Paired([(10m, 14m), (11m, 12m)])).Computable);
    }

    [Fact]
    public void Scores_about_a_handful_of_workers_are_withheld_in_every_report()
    {
        var internalReport = new Figures(suppress: false, threshold: 5);
        var pairs = Statistics.Paired([(40m, 44m), (41m, 42m), (39m, 45m)]);
        Assert.True(internalReport.Difference(pairs).Computable);   // client figures: the trust sees them
        var workers = internalReport.Difference(pairs, alwaysSuppressSmall: true);
        Assert.True(workers.Pairs.Suppressed);
        Assert.False(workers.Computable);
        Assert.Equal(0, workers.Mean);
    }

    [Fact]
    public void A_source_withheld_beside_the_total_cannot_be_worked_out_by_subtraction()
    {
        var counts = new ProgrammeCounts(
            Received: 30, ReceivedBySource: [("clinical_team", 20), ("gp", 7), ("self", 3)], Informed: 28, Consented: 26, ConsentedAndAccepted: 26,
            DaysToFirstContactCount: 0, MedianDaysToFirstContact: null, FirstContactWithinTarget: 0, Active: 0, ActiveWithEmployedWorker: 0,
            BedDays: new MirrorImageTotals(0, 0, 0, 0, 0, 0, 0));
        var table = GetProgrammeReportHandler.Disclosure(counts, capacity: 0, compliant: 0, agreements: 0, threshold: 5);
        var withheld = table.Withheld();

        Assert.Contains("source:self", withheld);                      // 3: primary
        Assert.Contains("source:gp", withheld);                        // else self = 30 − 20 − 7
        Assert.DoesNotContain("referrals", withheld);
        Assert.Contains("informed", withheld);                         // else not yet informed = 30 − 28 = 2 and not consented = 28 − 26 = 2
        Assert.DoesNotContain(table.Derivable(withheld), name => name is "source:self" or "received_not_informed" or "informed_not_consented");
    }

    [Fact]
    public void A_period_with_nothing_in_it_withholds_nothing()
    {
        var nothing = new ProgrammeCounts(0, [], 0, 0, 0, 0, null, 0, 0, 0, new MirrorImageTotals(0, 0, 0, 0, 0, 0, 0));
        Assert.Empty(GetProgrammeReportHandler.Disclosure(nothing, capacity: 0, compliant: 0, agreements: 0, threshold: 5).Withheld());
    }

    [Fact]
    public void Non_compliant_supervision_cannot_be_worked_out_from_a_published_month()
    {
        Assert.Contains("compliant", GetSupervisionReportHandler.Withheld(agreements: 12, compliant: 10, threshold: 5));   // else 2 not compliant
        Assert.Contains("compliant", GetSupervisionReportHandler.Withheld(agreements: 12, compliant: 3, threshold: 5));
        Assert.Empty(GetSupervisionReportHandler.Withheld(agreements: 12, compliant: 7, threshold: 5));
        Assert.Empty(GetSupervisionReportHandler.Withheld(agreements: 12, compliant: 12, threshold: 5));
    }

    [Fact]
    public void The_csv_export_has_a_row_per_figure_and_marks_suppressed_ones()
    {
        var figures = new Figures(suppress: true, threshold: 5);
        var report = new C.ProgrammeReport
        {
            From = "2026-01-01",
            To = "2026-12-31",
            Referrals = figures.Count(12),
            ConsentRate = figures.Rate(3, 12),
            BedDays = new C.BedDayFigures { Caveat = BedDays.Caveat, UnitCostSource = "Trust finance, 2025/26", Currency = "GBP" },
            RelationshipPeerMinusOther = new C.MeanDifference(),
            WorkerWellbeingChange = new C.MeanDifference(),
            WorkerSelfEsteemChange = new C.MeanDifference(),
        };
        var csv = ExportProgrammeReportHandler.ToCsv(report);
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
