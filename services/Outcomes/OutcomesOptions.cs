namespace PeerPlatform.Outcomes;

/// <summary>"Outcomes" configuration.</summary>
public sealed class OutcomesOptions
{
    public const string Section = "Outcomes";

    /// <summary>Mirror-image window W in months: bed days in [S−W, S) against [S, S+W).</summary>
    public int MirrorWindowMonths { get; set; } = 6;

    /// <summary>
    /// Counts from 1 to this minus one are withheld in reports for publication (and worker scores
    /// in every report); the first-contact target is the programme's (<see cref="PeerPlatform.SharedKernel.ProgrammeTargets"/>).
    /// </summary>
    public int SuppressionThreshold { get; set; } = 5;

    public BedDayCost BedDayCost { get; set; } = new();
}

/// <summary>The unit cost of an inpatient bed day, with where it comes from and its price year.</summary>
public sealed class BedDayCost
{
    public decimal Amount { get; set; } = 497m;

    public string Currency { get; set; } = "GBP";

    /// <summary>Set this to the trust's own figure; the default is an illustrative national average.</summary>
    public string Source { get; set; } = "Illustrative default: adult mental health inpatient bed day, national unit costs; replace with the trust's own figure";

    public int PriceYear { get; set; } = 2023;
}
