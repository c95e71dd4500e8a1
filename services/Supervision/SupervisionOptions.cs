using System.ComponentModel.DataAnnotations;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision;

/// <summary>"Supervision" configuration, checked when the service starts.</summary>
public sealed class SupervisionOptions
{
    public const string Section = "Supervision";

    /// <summary>
    /// Individual supervision at least every this many days unless an agreement says otherwise.
    /// Within the frequencies an agreement may have, or every agreement taking the default would be refused.
    /// </summary>
    [Range(Agreement.MinFrequencyDays, Agreement.MaxFrequencyDays)]
    public int DefaultFrequencyDays { get; set; } = 28;

    /// <summary>How often the overdue check runs: at least every day, and not more than once a second.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OverdueCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
