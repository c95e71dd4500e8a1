namespace PeerPlatform.Outcomes.ReadModels;

/// <summary>Read model: a peer worker's team and capacity, from Workforce's events.</summary>
public sealed class WorkerRecord
{
    public Guid WorkerId { get; init; }

    public Guid? TeamId { get; set; }

    public int Capacity { get; set; }

    public DateOnly? StartedOn { get; set; }

    public DateOnly? LeftOn { get; set; }

    public bool IsEmployedOn(DateOnly day) => StartedOn is { } start && start <= day && (LeftOn is null || LeftOn >= day);
}
