using PeerPlatform.ServiceDefaults.Grpc;

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

/// <summary>A worker's completion of one module.</summary>
public sealed class TrainingCompletion
{
    private TrainingCompletion()
    {
    }

    public Guid PeerWorkerId { get; private set; }

    public Guid ModuleId { get; private set; }

    public DateOnly CompletedOn { get; private set; }

    public static TrainingCompletion Record(Guid peerWorkerId, Guid moduleId, DateOnly completedOn, DateOnly today)
    {
        if (completedOn > today)
        {
            throw new DomainRuleViolationException("Training cannot be completed in the future.");
        }

        return new TrainingCompletion { PeerWorkerId = peerWorkerId, ModuleId = moduleId, CompletedOn = completedOn };
    }
}

public static class Readiness
{
    /// <summary>A worker is ready for clients when every current mandatory module is complete.</summary>
    public static bool IsReady(IEnumerable<TrainingModule> curriculum, IEnumerable<Guid> completedModuleIds)
    {
        var completed = completedModuleIds.ToHashSet();
        return curriculum.Where(m => m.Mandatory && !m.Retired).All(m => completed.Contains(m.Id));
    }
}
