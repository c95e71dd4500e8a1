using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal;

/// <summary>How the portal writes the APIs' values for people: words for enums, the trust's local time, dates in full.</summary>
public static class Display
{
    // The services run in globalization-invariant mode (no ICU): British English is written out here.
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static readonly IReadOnlyList<(C.SupervisionTheme Value, string Name)> Themes =
    [
        (C.SupervisionTheme.Boundaries, "Boundaries"),
        (C.SupervisionTheme.Wellbeing, "Wellbeing"),
        (C.SupervisionTheme.RoleClarity, "Role clarity"),
        (C.SupervisionTheme.TeamResistance, "Team resistance"),
        (C.SupervisionTheme.Discrimination, "Discrimination"),
        (C.SupervisionTheme.Safeguarding, "Safeguarding"),
        (C.SupervisionTheme.Other, "Other"),
    ];

    public static readonly IReadOnlyList<(C.ConcernCategory Value, string Name)> ConcernCategories =
    [
        (C.ConcernCategory.WorkerWellbeing, "Worker wellbeing"),
        (C.ConcernCategory.Safeguarding, "Safeguarding"),
        (C.ConcernCategory.Boundaries, "Boundaries"),
        (C.ConcernCategory.TeamResistance, "Team resistance"),
        (C.ConcernCategory.Discrimination, "Discrimination"),
        (C.ConcernCategory.Practice, "Practice"),
        (C.ConcernCategory.Other, "Other"),
    ];

    public static readonly IReadOnlyList<(C.ConcernUrgency Value, string Name, string Hint)> Urgencies =
    [
        (C.ConcernUrgency.Routine, "Routine", "within ten working days"),
        (C.ConcernUrgency.Urgent, "Urgent", "within one working day"),
        (C.ConcernUrgency.Immediate, "Immediate", "risk of harm: act now"),
    ];

    public static string Theme(C.SupervisionTheme theme) => Themes.FirstOrDefault(t => t.Value == theme).Name ?? theme.ToString();

    public static string Category(C.ConcernCategory category) => ConcernCategories.FirstOrDefault(c => c.Value == category).Name ?? category.ToString();

    public static string Urgency(C.ConcernUrgency urgency) => Urgencies.FirstOrDefault(u => u.Value == urgency).Name ?? urgency.ToString();

    public static string Status(C.SessionStatus status) => status switch
    {
        C.SessionStatus.Scheduled => "Scheduled",
        C.SessionStatus.Held => "Held",
        C.SessionStatus.Cancelled => "Cancelled",
        C.SessionStatus.Missed => "Missed",
        _ => "Unknown",
    };

    public static string Kind(C.SessionKind kind) => kind == C.SessionKind.Group ? "Group" : "Individual";

    /// <summary>A worker is known to partners by id only (names stay with the trust): the first eight characters, in full on hover.</summary>
    public static string Worker(string workerId) => "Worker " + workerId[..Math.Min(8, workerId.Length)];

    public static string LocalTime(Timestamp? instant) => instant is null
        ? ""
        : LocalDateTime(TimeZoneInfo.ConvertTime(instant.ToDateTimeOffset(), TrustCalendar.TimeZone).DateTime);

    public static string Date(string isoDate) => DateOnly.TryParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        ? DateText(date)
        : isoDate;

    public static string Month(string isoMonth) => DateOnly.TryParseExact(isoMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        ? $"{Months[date.Month - 1][..3]} {date.Year}"
        : isoMonth;

    public static string Percent(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string DateText(DateOnly date) => $"{date.Day} {Months[date.Month - 1]} {date.Year}";

    private static string LocalDateTime(DateTime local) =>
        $"{DateText(DateOnly.FromDateTime(local))}, {local.ToString("HH:mm", CultureInfo.InvariantCulture)}";

    /// <summary>A local date and time from a form, as the instant it names in the trust's time zone.</summary>
    public static Timestamp? Instant(DateOnly? date, TimeOnly? time)
    {
        if (date is not { } day || time is not { } at)
        {
            return null;
        }

        var local = day.ToDateTime(at);
        return Timestamp.FromDateTimeOffset(new DateTimeOffset(local, TrustCalendar.TimeZone.GetUtcOffset(local)));
    }
}
