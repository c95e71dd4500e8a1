namespace PeerPlatform.Supervision.Domain;

/// <summary>
/// A peer worker as Supervision knows them, from Workforce's events: a pseudonymous id, the team
/// and the dates. Events may arrive out of order, so leaving can be known before hiring.
/// </summary>
public sealed class SupervisedWorker
{
    private SupervisedWorker()
    {
    }

    public Guid Id { get; private set; }

    public Guid? TeamId { get; private set; }

    public DateOnly? StartedOn { get; private set; }

    public DateOnly? LeftOn { get; private set; }

    public static SupervisedWorker Known(Guid id) => new() { Id = id };

    public void Hired(Guid teamId, DateOnly startedOn)
    {
        TeamId = teamId;
        StartedOn = startedOn;
    }

    public void Left(DateOnly leftOn) => LeftOn = leftOn;

    public bool IsEmployedOn(DateOnly day) => StartedOn is { } start && start <= day && (LeftOn is null || day <= LeftOn);
}
