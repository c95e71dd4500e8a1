namespace PeerPlatform.Outcomes.Domain;

/// <summary>A mean paired difference with its two-sided 95% confidence interval.</summary>
public sealed record PairedDifference(int Pairs, decimal MeanFirst, decimal MeanSecond, decimal Mean, decimal? Lower, decimal? Upper);

public static class Statistics
{
    // Two-sided 95% critical values of Student's t for 1–30 degrees of freedom.
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>The 97.5th percentile of t with <paramref name="degreesOfFreedom"/>; a Cornish-Fisher expansion beyond 30.</summary>
    public static double TCritical95(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom));
        }

        if (degreesOfFreedom <= T975.Length)
        {
            return T975[degreesOfFreedom - 1];
        }

        const double z = 1.959964;
        double n = degreesOfFreedom;
        return z + ((Math.Pow(z, 3) + z) / (4 * n)) + (((5 * Math.Pow(z, 5)) + (16 * Math.Pow(z, 3)) + (3 * z)) / (96 * n * n));
    }

    public static decimal? Median(IReadOnlyCollection<decimal> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// Second minus first, pair by pair: the mean difference and its 95% interval
    /// (mean ± t(n−1) × sd/√n); no interval for fewer than two pairs.
    /// </summary>
    public static PairedDifference? Paired(IReadOnlyList<(decimal First, decimal Second)> pairs)
    {
        if (pairs.Count == 0)
        {
            return null;
        }

        var differences = pairs.Select(p => (double)(p.Second - p.First)).ToList();
        var mean = differences.Average();
        var meanFirst = Math.Round(pairs.Average(p => p.First), 4);
        var meanSecond = Math.Round(pairs.Average(p => p.Second), 4);
        if (pairs.Count < 2)
        {
            return new PairedDifference(1, meanFirst, meanSecond, Math.Round((decimal)mean, 4), null, null);
        }

        var variance = differences.Sum(d => (d - mean) * (d - mean)) / (differences.Count - 1);
        var halfWidth = TCritical95(differences.Count - 1) * Math.Sqrt(variance / differences.Count);
        return new PairedDifference(pairs.Count, meanFirst, meanSecond, Math.Round((decimal)mean, 4), Math.Round((decimal)(mean - halfWidth), 4), Math.Round((decimal)(mean + halfWidth), 4));
    }
}
