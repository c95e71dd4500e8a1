namespace PeerPlatform.SharedKernel;

/// <summary>
/// The months a monthly report covers, as its from_month and to_month give them: to_month defaults
/// to this month and from_month to eleven months before to_month. Validators and handlers work it
/// out the same way, so a cap on the range holds for the range actually computed.
/// </summary>
public static class ReportMonths
{
    /// <summary>The first and last month, from the request's months (empty or YYYY-MM) and this month.</summary>
    public static (DateOnly From, DateOnly To) Resolve(string fromMonth, string toMonth, DateOnly thisMonth)
    {
        var to = IsoDates.TryParseMonth(toMonth, out var t) ? t : thisMonth;
        // The earliest month has no eleven months before it.
        var from = IsoDates.TryParseMonth(fromMonth, out var f) ? f : to.Year == 1 && to.Month < 12 ? DateOnly.MinValue : to.AddMonths(-11);
        return (from, to);
    }

    /// <summary>The first day of the trust's current month.</summary>
    public static DateOnly ThisMonth(DateTimeOffset now)
    {
        var today = TrustCalendar.LocalDate(now);
        return new DateOnly(today.Year, today.Month, 1);
    }

    /// <summary>How many months the range covers, both ends included (0 or less when it is reversed).</summary>
    public static int Count(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;

    public static int Count((DateOnly From, DateOnly To) range) => Count(range.From, range.To);
}
