namespace PeerPlatform.Outcomes.Domain;

/// <summary>A hospital stay: admitted on one day, discharged on another (open while still in hospital).</summary>
public sealed record Stay(DateOnly AdmittedOn, DateOnly? DischargedOn);

/// <summary>One engagement's bed days and admissions in the window before its start and the same window after.</summary>
public sealed record MirrorImage(int Before, int After, int AdmissionsBefore, int AdmissionsAfter)
{
    public bool AdmittedBefore => AdmissionsBefore > 0;

    public bool AdmittedAfter => AdmissionsAfter > 0;
}

/// <summary>Totals over the engagements whose after-window has fully elapsed.</summary>
public sealed record MirrorImageTotals(
    int Engagements,
    int BedDaysBefore,
    int BedDaysAfter,
    int ClientsAdmittedBefore,
    int ClientsAdmittedAfter,
    int AdmissionsBefore,
    int AdmissionsAfter)
{
    /// <summary>1 − Σafter/Σbefore; null (not computable) when nobody spent a night in hospital before.</summary>
    public decimal? Reduction => BedDaysBefore == 0 ? null : Math.Round(1m - ((decimal)BedDaysAfter / BedDaysBefore), 4);

    public int BedDaysSaved => BedDaysBefore - BedDaysAfter;

    /// <summary>1 − Σadmissions after/Σadmissions before; null when nobody was admitted before.</summary>
    public decimal? AdmissionsReduction => AdmissionsBefore == 0 ? null : Math.Round(1m - ((decimal)AdmissionsAfter / AdmissionsBefore), 4);

    /// <summary>Mean bed days per engagement in the before-window.</summary>
    public decimal? MeanBedDaysBefore => Engagements == 0 ? null : Math.Round((decimal)BedDaysBefore / Engagements, 2);

    public decimal? MeanBedDaysAfter => Engagements == 0 ? null : Math.Round((decimal)BedDaysAfter / Engagements, 2);
}

/// <summary>
/// Mirror-image bed days. A night counts when the client is in hospital at midnight: the night of
/// day X (from X into X+1) counts for a stay when admitted on or before X and discharged after X,
/// so a same-day admission and discharge is 0 nights. An open stay counts up to the report date.
/// With S the engagement's start and W the window, before = nights X with S−W ≤ X &lt; S and
/// after = nights X with S ≤ X &lt; S+W. This is a before/after comparison without a control group.
/// </summary>
public static class BedDays
{
    public const string Caveat = "Mirror-image (before/after) comparison without a control group: changes cannot be attributed to peer support alone.";

    /// <summary>Nights in hospital in [<paramref name="from"/>, <paramref name="to"/>) as of <paramref name="reportDate"/>.</summary>
    public static int Nights(IEnumerable<Stay> stays, DateOnly from, DateOnly to, DateOnly reportDate)
    {
        var total = 0;
        foreach (var stay in stays)
        {
            var first = Max(stay.AdmittedOn, from);
            var end = Min(Min(stay.DischargedOn ?? reportDate, reportDate), to); // nights X < end
            total += Math.Max(0, end.DayNumber - first.DayNumber);
        }

        return total;
    }

    /// <summary>The engagement's after-window has fully elapsed by the report date.</summary>
    public static bool IsMature(DateOnly start, int windowMonths, DateOnly reportDate) => start.AddMonths(windowMonths) <= reportDate;

    public static MirrorImage For(DateOnly start, int windowMonths, IReadOnlyCollection<Stay> stays, DateOnly reportDate)
    {
        var (windowStart, windowEnd) = (start.AddMonths(-windowMonths), start.AddMonths(windowMonths));
        return new MirrorImage(
            Nights(stays, windowStart, start, reportDate),
            Nights(stays, start, windowEnd, reportDate),
            stays.Count(s => s.AdmittedOn >= windowStart && s.AdmittedOn < start),
            stays.Count(s => s.AdmittedOn >= start && s.AdmittedOn < windowEnd));
    }

    /// <summary>
    /// Sums the mature engagements (immature ones are left out entirely); "clients admitted" counts
    /// distinct clients with an admission in the window, however short (a same-day stay with no
    /// night counts); admissions count stays admitted in the window, per engagement.
    /// </summary>
    public static MirrorImageTotals Totals(IEnumerable<(Guid ClientId, DateOnly Start, IReadOnlyCollection<Stay> Stays)> engagements, int windowMonths, DateOnly reportDate)
    {
        int count = 0, before = 0, after = 0, admissionsBefore = 0, admissionsAfter = 0;
        HashSet<Guid> admittedBefore = [], admittedAfter = [];
        foreach (var (clientId, start, stays) in engagements)
        {
            if (!IsMature(start, windowMonths, reportDate))
            {
                continue;
            }

            var image = For(start, windowMonths, stays, reportDate);
            count++;
            before += image.Before;
            after += image.After;
            admissionsBefore += image.AdmissionsBefore;
            admissionsAfter += image.AdmissionsAfter;
            if (image.AdmittedBefore)
            {
                admittedBefore.Add(clientId);
            }

            if (image.AdmittedAfter)
            {
                admittedAfter.Add(clientId);
            }
        }

        return new MirrorImageTotals(count, before, after, admittedBefore.Count, admittedAfter.Count, admissionsBefore, admissionsAfter);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
