namespace PeerPlatform.Outcomes;

/// <summary>Record types in the Outcomes service's audit trail.</summary>
internal static class AuditedRecords
{
    public const string HospitalSpell = "HospitalSpell";
    public const string QuestionnaireResponse = "QuestionnaireResponse";
    public const string Client = "Client";
}
