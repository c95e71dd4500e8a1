namespace PeerPlatform.Supervision;

/// <summary>"Supervision" configuration.</summary>
public sealed class SupervisionOptions
{
    /// <summary>Individual supervision at least every this many days unless an agreement says otherwise.</summary>
    public int DefaultFrequencyDays { get; set; } = 28;

    /// <summary>How often the overdue check runs.</summary>
    public TimeSpan OverdueCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
