namespace PeerPlatform.SharedKernel;

/// <summary>
/// The trust's local calendar (Europe/London). Dates people reason about — a session's day, a
/// referral's month — are local: 00:30 on 1 April in summer time is April, although UTC still says March.
/// </summary>
public static class TrustCalendar
{
    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>
    /// Calendar days from one instant to another in the trust's time zone: a referral received at
    /// 23:00 and contacted at 09:00 the next morning is 1 day, whatever the hours between. Every
    /// "days to" figure (Referral's API, Outcomes' report) is counted this way.
    /// </summary>
    public static int DaysBetween(DateTimeOffset from, DateTimeOffset to) => LocalDate(to).DayNumber - LocalDate(from).DayNumber;

    /// <summary>Local midnight at the start of <paramref name="day"/>, as an instant.</summary>
    public static DateTimeOffset StartOfLocalDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }
}
