using PeerPlatform.Outcomes.Reports;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.UnitTests.Outcomes;

/// <summary>CSV exports cannot carry a formula into a spreadsheet (OWASP's CSV injection advice).</summary>
public sealed class CsvWriterTests
{
    private static string[] Lines(Google.Api.HttpBody body) => body.Data.ToStringUtf8().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+SUM(A1:A9)", "'+SUM(A1:A9)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=cmd", "\"'\r=cmd\"")]
    [InlineData("plain text", "plain text")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Text_that_a_spreadsheet_would_take_for_a_formula_gets_a_leading_quote(string text, string cell)
    {
        var csv = new CsvWriter();
        csv.Row(text, text, text);

        Assert.Equal($"{cell},{cell},{cell},false", Lines(csv.ToHttpBody())[1]);
    }

    [Fact]
    public void Numbers_the_writer_formats_stay_numbers_negative_ones_included()
    {
        var csv = new CsvWriter();
        csv.Figure("bed_days", "saved", -26);
        csv.Difference("worker_wellbeing_change", new C.MeanDifference { Computable = true, Pairs = new C.Count { Value = 12 }, Mean = -3.5, CiLower = -5.25, CiUpper = -1.75 });

        var lines = Lines(csv.ToHttpBody());
        Assert.Contains("bed_days,saved,-26,false", lines);
        Assert.Contains("worker_wellbeing_change,mean,-3.5,false", lines);
        Assert.Contains("worker_wellbeing_change,ci_lower,-5.25,false", lines);
    }

    [Fact]
    public void An_organisation_id_from_outside_cannot_start_a_formula_in_the_supervision_export()
    {
        var report = new C.SupervisionReport();
        report.Months.Add(new C.SupervisionMonth { OrganisationId = "=1+1", Month = "2026-05", Agreements = new C.Count { Value = 6 } });

        var lines = Lines(ExportSupervisionReportHandler.ToCsv(report));

        Assert.Contains("'=1+1 2026-05,agreements,6,false", lines);
        Assert.DoesNotContain(lines.Skip(1), line => line[0] is '=' or '+' or '-' or '@');
    }

    [Fact]
    public void Sources_team_ids_and_captions_in_the_programme_export_are_neutralised()
    {
        var report = new C.ProgrammeReport { From = "2026-01-01", To = "2026-03-31", TeamId = "@team", BedDays = new C.BedDayFigures { UnitCostSource = "+source", Caveat = "-caveat", Currency = "gbp" } };
        report.ReferralsBySource.Add(new C.SourceFigure { Source = "=source", Referrals = new C.Count { Value = 7 } });

        var lines = Lines(ExportProgrammeReportHandler.ToCsv(report));

        Assert.Contains("period,team_id,'@team,false", lines);
        Assert.Contains("referrals_by_source,'=source,7,false", lines);
        Assert.Contains("bed_days,unit_cost_source,'+source,false", lines);
        Assert.Contains("bed_days,caveat,'-caveat,false", lines);
        Assert.Contains("period,from,2026-01-01,false", lines);
    }
}
