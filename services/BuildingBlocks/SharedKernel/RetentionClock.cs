using System.Globalization;

namespace PeerPlatform.SharedKernel;

/// <summary>
/// Today, as retention rules count it: the trust's date, moved on by a test clock's offset when
/// <paramref name="offsetFile"/> is set (<c>Records:ClockOffsetFile</c>, a number of days; tests
/// only, never a deployment). Only retention decisions use it; tokens, audit times and everything
/// else keep the real clock.
/// </summary>
public sealed class RetentionClock(TimeProvider clock, string? offsetFile)
{
    public DateOnly Today() => TrustCalendar.LocalDate(clock.GetUtcNow()).AddDays(OffsetDays());

    private int OffsetDays() =>
        offsetFile is { Length: > 0 } file && File.Exists(file)
            ? int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture)
            : 0;
}
