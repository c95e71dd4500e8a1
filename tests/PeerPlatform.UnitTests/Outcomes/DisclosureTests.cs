using CsCheck;
using PeerPlatform.Outcomes.Domain;

namespace PeerPlatform.UnitTests.Outcomes;

public sealed class DisclosureTests
{
    [Fact]
    public void One_small_source_next_to_the_total_takes_the_smallest_other_source_with_it()
    {
        var table = new DisclosureTable(threshold: 5);
        var total = table.Count("total", 40);
        table.Sum(total, table.Count("self", 3), table.Count("gp", 8), table.Count("crisis", 12), table.Count("ward", 17));

        Assert.Contains("self", table.Derivable(Names("self")));   // total − the others
        AssertWithheld(table, "self", "gp");
        Assert.Empty(table.Derivable(table.Withheld()));
    }

    [Fact]
    public void Two_small_sources_protect_each_other()
    {
        var table = new DisclosureTable(threshold: 5);
        var total = table.Count("total", 30);
        table.Sum(total, table.Count("self", 2), table.Count("gp", 3), table.Count("ward", 25));

        AssertWithheld(table, "self", "gp");
        Assert.Empty(table.Derivable(table.Withheld()));
    }

    [Fact]
    public void A_small_unpublished_remainder_is_protected_by_withholding_a_part_of_its_sum()
    {
        var table = new DisclosureTable(threshold: 5);
        var informed = table.Count("informed", 50);
        var consented = table.Count("consented", 48);
        var declined = table.Remainder("declined", informed, consented);

        Assert.Equal(2, declined.Value);
        Assert.Equal(new[] { "declined" }, table.Derivable(Names()));
        AssertWithheld(table, "consented");
        Assert.Empty(table.Derivable(table.Withheld()));
    }

    [Fact]
    public void One_withheld_stage_protects_the_small_drops_on_both_sides_of_it()
    {
        // consented is a part of informed and the whole of accepted: withholding it hides both small drops.
        var table = new DisclosureTable(threshold: 5);
        var received = table.Count("received", 60);
        var informed = table.Count("informed", 50);
        var consented = table.Count("consented", 48);
        var accepted = table.Count("accepted", 45);
        table.Remainder("not_informed", received, informed);
        table.Remainder("declined", informed, consented);
        table.Remainder("not_accepted", consented, accepted);

        AssertWithheld(table, "consented");
        Assert.Equal(new[] { "not_informed" }, table.Derivable(table.Withheld()));   // 10 people: not small
    }

    [Fact]
    public void Protecting_one_sum_of_a_chain_leaves_no_small_count_derivable_through_the_next()
    {
        var table = new DisclosureTable(threshold: 5);
        var informed = table.Count("informed", 50);
        var consented = table.Count("consented", 30);
        var deferred = table.Count("deferred", 18);
        var accepted = table.Count("accepted", 27);
        table.Remainder("declined", informed, consented, deferred);       // 2
        table.Remainder("not_accepted", consented, accepted);             // 3

        // deferred (the smaller part) protects declined; consented stays published, so accepted must go too.
        AssertWithheld(table, "deferred", "accepted");
        Assert.Empty(table.Derivable(table.Withheld()));
    }

    [Fact]
    public void A_count_can_be_derived_through_several_sums_at_once()
    {
        var table = new DisclosureTable(threshold: 5);
        var total = table.Count("total", 20);
        var left = table.Count("left", 12);
        table.Sum(total, left, table.Count("right", 8));
        table.Sum(left, table.Count("x", 9), table.Count("y", 3));

        // left = total − right, and then y = left − x.
        Assert.Equal(new[] { "left", "y" }, table.Derivable(Names("left", "y")));
        AssertWithheld(table, "y", "x");
    }

    [Fact]
    public void A_report_with_no_small_count_withholds_nothing()
    {
        var table = new DisclosureTable(threshold: 5);
        var total = table.Count("total", 45);
        table.Sum(total, table.Count("self", 0), table.Count("gp", 20), table.Count("ward", 25));
        var consented = table.Count("consented", 40);
        table.Remainder("declined", total, consented);   // 5: at the threshold, not small

        Assert.Empty(table.Withheld());
        Assert.Equal(new[] { "declined" }, table.Derivable(table.Withheld()));
    }

    [Fact]
    public void Counts_that_are_not_of_people_are_never_withheld_for_being_small()
    {
        var table = new DisclosureTable(threshold: 5);
        var nights = table.Count("bed_nights", 40, personCount: false);
        table.Sum(nights, table.Count("ward_nights", 3, personCount: false), table.Count("crisis_nights", 37, personCount: false));
        table.Remainder("other_nights", nights, table.Count("peer_house_nights", 38, personCount: false));   // 2 nights, not people

        Assert.Empty(table.Withheld());
    }

    [Fact]
    public void A_sum_the_figures_do_not_satisfy_is_refused()
    {
        var table = new DisclosureTable(threshold: 5);
        var total = table.Count("total", 10);
        Assert.Throws<ArgumentException>(() => table.Sum(total, table.Count("a", 4), table.Count("b", 5)));
        Assert.Throws<ArgumentException>(() => table.Count("total", 3));
    }

    [Fact]
    public void No_small_count_can_be_derived_from_any_generated_report()
    {
        ReportShape.Generator.Sample(shape =>
        {
            var table = shape.ToTable();
            var withheld = table.Withheld();
            var small = table.Cells.Where(cell => cell.IsPersonCount && cell.Value >= 1 && cell.Value < shape.Threshold).ToList();

            Assert.DoesNotContain(table.Derivable(withheld), name => small.Any(cell => cell.Name == name));
            Assert.All(small.Where(cell => cell.IsPublished), cell => Assert.Contains(cell.Name, withheld));
            Assert.All(withheld, name => Assert.True(table.Cells.Single(cell => cell.Name == name).IsPublished));
            Assert.True(withheld.SetEquals(table.Withheld()));
            Assert.True(withheld.SetEquals(shape.ToTable().Withheld()));
            if (small.Count == 0)
            {
                Assert.Empty(withheld);
            }
        }, iter: 500);
    }

    private static HashSet<string> Names(params string[] names) => [.. names];

    private static void AssertWithheld(DisclosureTable table, params string[] names) =>
        Assert.Equal(names.Order(StringComparer.Ordinal), table.Withheld().Order(StringComparer.Ordinal));

    // One generated figure; "*" marks a quantity that is not a count of people.
    private sealed record Figure(int Value, bool People)
    {
        public override string ToString() => People ? $"{Value}" : $"{Value}*";
    }

    // A random report: a total split into sources (and maybe an unpublished rest), chains of nested stages
    // (received ⊇ informed ⊇ …) whose drops are unpublished, the first maybe starting at the total, and lone counts.
    // A two-stage chain is an independent pair.
    private sealed record ReportShape(int Threshold, Figure[] Sources, Figure? Unlisted, bool FirstChainStartsAtTotal, Figure[][] Chains, Figure[] Singles)
    {
        private static readonly Gen<int> Value = Gen.Frequency<int>((3, Gen.Int[0, 6]), (2, Gen.Int[0, 60]));
        private static readonly Gen<Figure> Figures = Gen.Select(Value, Gen.Int[0, 9], (value, kind) => new Figure(value, People: kind != 0));
        private static readonly Gen<(Figure Head, Figure[] Drops)> RawChain = Gen.Select(Figures, Figures.Array[1, 3]);

        public static readonly Gen<ReportShape> Generator = Gen.Select(
            Gen.Int[2, 10], Figures.Array[1, 6], Gen.Select(Gen.Bool, Figures, (some, rest) => some ? rest : (Figure?)null),
            Gen.Bool, RawChain.Array[0, 3], Figures.Array[0, 2], Build);

        private int Total => Sources.Sum(source => source.Value) + (Unlisted?.Value ?? 0);

        private static ReportShape Build(int threshold, Figure[] sources, Figure? unlisted, bool linked, (Figure Head, Figure[] Drops)[] rawChains, Figure[] singles)
        {
            var shape = new ReportShape(threshold, sources, unlisted, linked && rawChains.Length > 0, [], singles);
            // Each stage is the one above less a drop (never below zero); a linked first chain starts at the total.
            var chains = rawChains.Select((chain, c) =>
            {
                var stages = new List<Figure> { c == 0 && shape.FirstChainStartsAtTotal ? new Figure(shape.Total, true) : chain.Head };
                foreach (var drop in chain.Drops)
                {
                    stages.Add(new Figure(Math.Max(0, stages[^1].Value - drop.Value), drop.People));
                }

                return stages.ToArray();
            });
            return shape with { Chains = [.. chains] };
        }

        public DisclosureTable ToTable()
        {
            var table = new DisclosureTable(Threshold);
            var total = table.Count("total", Total);
            var sources = Sources.Select((source, i) => table.Count($"source{i + 1}", source.Value, source.People)).ToArray();
            if (Unlisted is null)
            {
                table.Sum(total, sources);
            }
            else
            {
                table.Remainder("unlisted", total, sources);
            }

            for (var c = 0; c < Chains.Length; c++)
            {
                var above = c == 0 && FirstChainStartsAtTotal ? total : table.Count($"chain{c + 1}.stage1", Chains[c][0].Value, Chains[c][0].People);
                for (var s = 1; s < Chains[c].Length; s++)
                {
                    var stage = table.Count($"chain{c + 1}.stage{s + 1}", Chains[c][s].Value, Chains[c][s].People);
                    table.Remainder($"chain{c + 1}.drop{s}", above, stage);
                    above = stage;
                }
            }

            for (var i = 0; i < Singles.Length; i++)
            {
                table.Count($"single{i + 1}", Singles[i].Value, Singles[i].People);
            }

            return table;
        }

        public override string ToString()
        {
            var sources = string.Join(" + ", Sources) + (Unlisted is null ? "" : $" + unlisted {Unlisted}");
            var chains = Chains.Select((chain, c) => string.Join(" ⊇ ", chain) + (c == 0 && FirstChainStartsAtTotal ? " (from the total)" : ""));
            return $"threshold {Threshold}; total {Total} = {sources}; chains [{string.Join("; ", chains)}]; singles [{string.Join(", ", Singles)}]";
        }
    }
}
