using PeerPlatform.SharedKernel;

namespace PeerPlatform.Workforce.Domain;

/// <summary>A module of the peer worker curriculum. Retired modules stop counting towards readiness.</summary>
public sealed class TrainingModule
{
    private TrainingModule()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public bool Mandatory { get; private set; }

    public decimal Hours { get; private set; }

    public bool Retired { get; private set; }

    public static TrainingModule Create(string name, bool mandatory, decimal hours, DateTimeOffset now)
    {
        if (hours is <= 0 or > 500)
        {
            throw new DomainRuleViolationException("A module lasts more than 0 and at most 500 hours.");
        }

        return new TrainingModule { Id = Guid.CreateVersion7(now), Name = name.Trim(), Mandatory = mandatory, Hours = hours };
    }

    public void Retire() => Retired = true;
}
