namespace PeerPlatform.Outcomes.ReadModels;

/// <summary>Read model: a supervision agreement, from Supervision's events.</summary>
public sealed class SupervisionAgreementRecord
{
    public Guid AgreementId { get; init; }

    public string OrganisationId { get; set; } = "";

    public Guid WorkerId { get; set; }

    public int FrequencyDays { get; set; }

    public DateOnly? StartsOn { get; set; }

    public DateOnly? EndsOn { get; set; }
}
