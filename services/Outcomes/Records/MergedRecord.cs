namespace PeerPlatform.Outcomes.Records;

/// <summary>A spell or response moved to another client by a merge, so undoing the merge moves exactly these back.</summary>
public sealed class MergedRecord
{
    public Guid MergeId { get; init; }

    /// <summary>"hospital_spell" or "questionnaire_response".</summary>
    public required string Kind { get; init; }

    public Guid RecordId { get; init; }
}


internal static class MergedKinds
{
    public const string HospitalSpell = "hospital_spell";
    public const string QuestionnaireResponse = "questionnaire_response";
}
