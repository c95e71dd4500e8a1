using PeerPlatform.Outcomes.Domain;

namespace PeerPlatform.UnitTests.Outcomes;

public sealed class InstrumentScoringTests
{
    private static Dictionary<int, int> All(int items, int value) => Enumerable.Range(1, items).ToDictionary(i => i, _ => value);

    [Fact]
    public void Qpr15_sums_fifteen_items_from_0_to_4()
    {
        Assert.Equal(new Score(0, 0), Instruments.Qpr15.ScoreOf(All(15, 0)));
        Assert.Equal(new Score(60, 60), Instruments.Qpr15.ScoreOf(All(15, 4)));
        var mixed = All(15, 2);
        mixed[15] = 4;
        Assert.Equal(32m, Instruments.Qpr15.ScoreOf(mixed).Value);
    }

    [Fact]
    public void Rosenberg_reverses_items_2_5_6_8_and_9()
    {
        // All 3s: five straight items score 3, five reversed score 0 → 15.
        Assert.Equal(15m, Instruments.Rosenberg.ScoreOf(All(10, 3)).Value);
        // Highest self-esteem: 3 on straight items, 0 on reversed ones → 30.
        var best = Enumerable.Range(1, 10).ToDictionary(i => i, i => new[] { 2, 5, 6, 8, 9 }.Contains(i) ? 0 : 3);
        Assert.Equal(30m, Instruments.Rosenberg.ScoreOf(best).Value);
        Assert.Equal(0m, Instruments.Rosenberg.ScoreOf(best.ToDictionary(kv => kv.Key, kv => 3 - kv.Value)).Value);
    }

    [Theory]
    [InlineData(1, 7, 7.00)]    // the table's lower end
    [InlineData(2, 14, 15.32)]
    [InlineData(3, 21, 19.25)]
    [InlineData(4, 28, 25.03)]
    [InlineData(5, 35, 35.00)]  // the upper end
    public void Swemwbs_converts_the_raw_total_with_the_published_table(int everyItem, int raw, double metric)
    {
        var score = Instruments.Swemwbs.ScoreOf(All(7, everyItem));
        Assert.Equal(raw, score.Raw);
        Assert.Equal((decimal)metric, score.Value);
    }

    [Fact]
    public void Swemwbs_table_covers_every_raw_total_and_rises_monotonically()
    {
        var table = Instruments.Swemwbs.ConversionTable!;
        Assert.Equal(Enumerable.Range(7, 29), table.Keys.Order());
        Assert.True(Enumerable.Range(8, 28).All(raw => table[raw] > table[raw - 1]));
    }

    [Fact]
    public void The_relationship_rating_sums_twelve_items_and_names_whom_it_is_about()
    {
        Assert.Equal(48m, Instruments.RelationshipQuality.ScoreOf(All(12, 4)).Value);
        Assert.Equal([Instruments.PeerWorker, Instruments.OtherWorker], Instruments.RelationshipQuality.AboutOptions);
    }

    [Fact]
    public void Incomplete_or_out_of_range_responses_are_refused_naming_the_item()
    {
        var missing = All(15, 2);
        missing.Remove(7);
        Assert.Equal(7, Assert.Throws<InvalidResponseException>(() => Instruments.Qpr15.ScoreOf(missing)).Item);

        var outOfRange = All(7, 3);
        outOfRange[4] = 6;
        var refused = Assert.Throws<InvalidResponseException>(() => Instruments.Swemwbs.ScoreOf(outOfRange));
        Assert.Equal(4, refused.Item);
        Assert.Contains("between 1 and 5", refused.Message);

        var extra = All(10, 1);
        extra[11] = 1;
        Assert.Equal(11, Assert.Throws<InvalidResponseException>(() => Instruments.Rosenberg.ScoreOf(extra)).Item);
    }
}
