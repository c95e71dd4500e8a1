namespace PeerPlatform.Workforce;

/// <summary>Record types in the Workforce service's audit trail.</summary>
internal static class AuditedRecords
{
    public const string Applicant = "Applicant";
}
