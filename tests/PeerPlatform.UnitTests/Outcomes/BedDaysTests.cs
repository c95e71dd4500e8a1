using PeerPlatform.Outcomes.Domain;

namespace PeerPlatform.UnitTests.Outcomes;

/// <summary>Mirror-image bed days on hand-worked cases. S = 1 July 2026, W = 6 months: before = [1 Jan, 1 Jul), after = [1 Jul, 1 Jan 2027).</summary>
public sealed class BedDaysTests
{
    private static readonly DateOnly Start = new(2026, 7, 1);
    private static readonly DateOnly ReportDate = new(2027, 3, 1); // the after-window (to 1 Jan 2027) has elapsed

    private static MirrorImage Image(params Stay[] stays) => BedDays.For(Start, 6, stays, ReportDate);

    private static Stay Stay(string admitted, string? discharged) =>
        new(DateOnly.Parse(admitted), discharged is null ? null : DateOnly.Parse(discharged));

    [Fact]
    public void A_stay_wholly_before_counts_its_nights_before()
    {
        // 10 March to 20 March: nights of the 10th … 19th = 10.
        Assert.Equal(new MirrorImage(10, 0, 1, 0), Image(Stay("2026-03-10", "2026-03-20")));
    }

    [Fact]
    public void A_stay_crossing_the_start_is_split_at_midnight_into_S()
    {
        // 25 June to 5 July: nights of 25–30 June (6) before, 1–4 July (4) after.
        Assert.Equal(new MirrorImage(6, 4, 1, 0), Image(Stay("2026-06-25", "2026-07-05")));
    }

    [Fact]
    public void Stays_crossing_the_window_edges_count_only_inside()
    {
        // 20 December 2025 to 10 January 2026: only the nights of 1–9 January (9) are in the before-window.
        Assert.Equal(new MirrorImage(9, 0, 0, 0), Image(Stay("2025-12-20", "2026-01-10")));
        // 28 December 2026 to 5 January 2027: nights of 28–31 December (4) are in the after-window.
        Assert.Equal(new MirrorImage(0, 4, 0, 1), Image(Stay("2026-12-28", "2027-01-05")));
    }

    [Fact]
    public void An_open_stay_counts_up_to_the_report_date()
    {
        // Admitted 15 December 2026, still in hospital: nights of 15–31 December (17) inside the window.
        Assert.Equal(new MirrorImage(0, 17, 0, 1), Image(Stay("2026-12-15", null)));
        // Admitted 20 October 2026, still in hospital, report on 1 November 2026: 12 nights so far.
        Assert.Equal(12, BedDays.Nights([Stay("2026-10-20", null)], Start, Start.AddMonths(6), new DateOnly(2026, 11, 1)));
    }

    [Fact]
    public void Same_day_admission_and_discharge_is_zero_nights_but_an_admission()
    {
        Assert.Equal(new MirrorImage(0, 0, 0, 1), Image(Stay("2026-08-03", "2026-08-03")));
    }

    [Fact]
    public void Totals_leave_out_immature_engagements_and_report_no_reduction_without_nights_before()
    {
        var client = Guid.NewGuid();
        var other = Guid.NewGuid();
        var late = Guid.NewGuid();
        (Guid, DateOnly, IReadOnlyCollection<Stay>)[] engagements =
        [
            (client, Start, [Stay("2026-03-10", "2026-03-20"), Stay("2026-08-01", "2026-08-05")]), // 10 before, 4 after
            (other, Start, []),                                                                   // a client with nothing before or after
            (late, new DateOnly(2026, 12, 1), [Stay("2026-11-01", "2026-11-21")]),                // after-window ends June 2027: immature
        ];

        var totals = BedDays.Totals(engagements, 6, ReportDate);
        Assert.Equal(2, totals.Engagements);
        Assert.Equal(10, totals.BedDaysBefore);
        Assert.Equal(4, totals.BedDaysAfter);
        Assert.Equal(0.6m, totals.Reduction);
        Assert.Equal(6, totals.BedDaysSaved);
        Assert.Equal(1, totals.ClientsAdmittedBefore);
        Assert.Equal(1, totals.ClientsAdmittedAfter);
        Assert.Equal(5m, totals.MeanBedDaysBefore);
        Assert.Equal(2m, totals.MeanBedDaysAfter);

        var nothingBefore = BedDays.Totals([(other, Start, [Stay("2026-08-01", "2026-08-05")])], 6, ReportDate);
        Assert.Null(nothingBefore.Reduction);
        Assert.Equal(-4, nothingBefore.BedDaysSaved);
    }

    [Fact]
    public void An_engagement_is_mature_on_the_day_its_after_window_ends()
    {
        Assert.False(BedDays.IsMature(Start, 6, new DateOnly(2026, 12, 31)));
        Assert.True(BedDays.IsMature(Start, 6, new DateOnly(2027, 1, 1)));
    }
}
