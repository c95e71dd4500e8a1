using System.Globalization;

namespace PeerPlatform.SharedKernel;

/// <summary>Calendar dates (YYYY-MM-DD) and months (YYYY-MM) as the APIs and events carry them.</summary>
public static class IsoDates
{
    public static bool TryParseIsoDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static DateOnly ParseIsoDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ToIsoDate(this DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ToIsoDate(this DateOnly? date) => date?.ToIsoDate() ?? "";

    /// <summary>A calendar month, YYYY-MM, as its first day.</summary>
    public static bool TryParseMonth(string? value, out DateOnly firstDay)
    {
        var parsed = DateTime.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month);
        firstDay = parsed ? DateOnly.FromDateTime(month) : default;
        return parsed;
    }
}
