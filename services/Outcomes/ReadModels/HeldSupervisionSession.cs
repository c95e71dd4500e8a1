namespace PeerPlatform.Outcomes.ReadModels;

/// <summary>Read model: a held supervision session (who attended, when), from SupervisionSessionHeld.</summary>
public sealed class HeldSupervisionSession
{
    public Guid SessionId { get; init; }

    public string OrganisationId { get; init; } = "";

    public DateOnly HeldOn { get; init; }

    public List<Guid> WorkerIds { get; init; } = [];
}
