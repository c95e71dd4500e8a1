using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.Workforce;

/// <summary>"Workforce" configuration.</summary>
public sealed class WorkforceOptions
{
    public const string Section = "Workforce";

    /// <summary>Caseload capacity per contracted hour, rounded down (0.25: 37.5 hours → 9 clients).</summary>
    public decimal ClientsPerContractedHour { get; set; } = CaseloadPolicy.Default.ClientsPerContractedHour;
}
