using PeerPlatform.Outcomes.Domain;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>
/// Builds report figures from counts named as cells of the report's <see cref="DisclosureTable"/>.
/// In a report for publication the table has decided which cells are withheld: counts from 1 to
/// threshold − 1 (primary) and the counts from which one of those could be worked out (secondary);
/// any rate or mean built on a withheld count is withheld too. An internal report shows every count.
/// </summary>
internal sealed class Figures(bool suppress, int threshold, IReadOnlySet<string>? withheld = null)
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public bool Suppress { get; } = suppress;

    public int Threshold { get; } = threshold;

    private IReadOnlySet<string> Withheld { get; } = suppress ? withheld ?? None : None;

    /// <summary>A count that takes part in no sum of the report: withheld when small.</summary>
    public C.Count Count(int value) => IsSmall(value) ? new C.Count { Suppressed = true } : new C.Count { Value = value };

    /// <summary>A count that is a cell of the report's table: withheld when the table says so.</summary>
    public C.Count Count(string cell, int value) => Suppress && Withheld.Contains(cell) ? new C.Count { Suppressed = true } : new C.Count { Value = value };

    public C.Rate Rate(int numerator, int denominator) => Rate(Count(numerator), numerator, Count(denominator), denominator);

    public C.Rate Rate(string numeratorCell, int numerator, string denominatorCell, int denominator) =>
        Rate(Count(numeratorCell, numerator), numerator, Count(denominatorCell, denominator), denominator);

    /// <summary>
    /// A mean paired difference: withheld with its pairs, and not computable with fewer than two
    /// pairs (one pair has no interval, and is one person's change). <paramref name="alwaysSuppressSmall"/>
    /// withholds small numbers of pairs in every report (figures about individual workers).
    /// </summary>
    public C.MeanDifference Difference(PairedDifference? difference, bool alwaysSuppressSmall = false)
    {
        var pairs = difference?.Pairs ?? 0;
        var result = new C.MeanDifference
        {
            Pairs = (Suppress || alwaysSuppressSmall) && pairs > 0 && pairs < Threshold ? new C.Count { Suppressed = true } : new C.Count { Value = pairs },
        };
        if (difference is not { Lower: { } lower, Upper: { } upper } || result.Pairs.Suppressed)
        {
            return result;
        }

        result.Computable = true;
        result.Mean = (double)difference.Mean;
        result.MeanFirst = (double)difference.MeanFirst;
        result.MeanSecond = (double)difference.MeanSecond;
        result.CiLower = (double)lower;
        result.CiUpper = (double)upper;
        return result;
    }

    private bool IsSmall(int value) => Suppress && value > 0 && value < Threshold;

    private static C.Rate Rate(C.Count numeratorCount, int numerator, C.Count denominatorCount, int denominator)
    {
        var rate = new C.Rate { Numerator = numeratorCount, Denominator = denominatorCount };
        if (denominator > 0 && !numeratorCount.Suppressed && !denominatorCount.Suppressed)
        {
            rate.Value = Math.Round((double)numerator / denominator, 4);
            rate.Computable = true;
        }

        return rate;
    }
}
