namespace PeerPlatform.Referral;

/// <summary>Record types in the Referral service's audit trail.</summary>
internal static class AuditedRecords
{
    public const string Client = "Client";
    public const string Referral = "Referral";
    public const string Contact = "Contact";
    public const string SubjectAccessExport = "SubjectAccessExport";
}
