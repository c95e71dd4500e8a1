using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeerPlatform.SharedKernel;

/// <summary>
/// Targets the trust sets once for the whole programme ("Programme" section), read by every
/// service that measures against them, so Referral's API and Outcomes' report cannot disagree.
/// </summary>
public sealed class ProgrammeTargets
{
    public const string Section = "Programme";

    /// <summary>Calendar days (<see cref="TrustCalendar.DaysBetween"/>) from referral to first contact counted as on time.</summary>
    public int FirstContactTargetDays { get; set; } = 14;

    public bool IsFirstContactOnTime(int daysToFirstContact) => daysToFirstContact <= FirstContactTargetDays;
}

public static class ProgrammeTargetsExtensions
{
    /// <summary>Binds <see cref="ProgrammeTargets"/> and refuses to start with a target outside 1–365 days.</summary>
    public static IHostApplicationBuilder AddProgrammeTargets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProgrammeTargets>()
            .BindConfiguration(ProgrammeTargets.Section)
            .Validate(t => t.FirstContactTargetDays is >= 1 and <= 365, "Programme:FirstContactTargetDays must be between 1 and 365 days.")
            .ValidateOnStart();
        return builder;
    }
}
