using PeerPlatform.SharedKernel;

namespace PeerPlatform.Workforce.Domain;

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
