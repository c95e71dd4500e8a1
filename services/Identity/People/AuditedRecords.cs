namespace PeerPlatform.Identity.People;

/// <summary>Record types in Identity's audit trail.</summary>
internal static class AuditedRecords
{
    public const string Person = "Person";
}
