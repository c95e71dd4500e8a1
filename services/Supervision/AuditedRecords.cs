namespace PeerPlatform.Supervision;

/// <summary>Record types in the Supervision service's audit trail.</summary>
internal static class AuditedRecords
{
    public const string Supervisor = "Supervisor";
    public const string Agreement = "SupervisionAgreement";
    public const string Session = "SupervisionSession";
    public const string Concern = "SupervisionConcern";
}
