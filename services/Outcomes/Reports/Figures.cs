using PeerPlatform.Outcomes.Domain;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>
/// Builds report figures, withholding small counts when the report leaves the trust: a count from
/// 1 to threshold − 1 is shown as suppressed, and so is any rate or mean built on one.
/// </summary>
internal sealed class Figures(bool suppress, int threshold)
{
    public bool Suppress { get; } = suppress;

    public C.Count Count(int value) =>
        Suppress && value > 0 && value < threshold ? new C.Count { Suppressed = true } : new C.Count { Value = value };

    public C.Rate Rate(int numerator, int denominator)
    {
        var rate = new C.Rate { Numerator = Count(numerator), Denominator = Count(denominator) };
        if (denominator > 0 && !rate.Numerator.Suppressed && !rate.Denominator.Suppressed)
        {
            rate.Value = Math.Round((double)numerator / denominator, 4);
            rate.Computable = true;
        }

        return rate;
    }

    public C.MeanDifference Difference(PairedDifference? difference)
    {
        var result = new C.MeanDifference { Pairs = Count(difference?.Pairs ?? 0) };
        if (difference is null || result.Pairs.Suppressed)
        {
            return result;
        }

        result.Computable = true;
        result.Mean = (double)difference.Mean;
        result.MeanFirst = (double)difference.MeanFirst;
        result.MeanSecond = (double)difference.MeanSecond;
        result.CiLower = (double)(difference.Lower ?? difference.Mean);
        result.CiUpper = (double)(difference.Upper ?? difference.Mean);
        return result;
    }
}
