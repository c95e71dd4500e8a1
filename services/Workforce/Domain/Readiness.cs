namespace PeerPlatform.Workforce.Domain;

public static class Readiness
{
    /// <summary>A worker is ready for clients when every current mandatory module is complete.</summary>
    public static bool IsReady(IEnumerable<TrainingModule> curriculum, IEnumerable<Guid> completedModuleIds)
    {
        var completed = completedModuleIds.ToHashSet();
        return curriculum.Where(m => m.Mandatory && !m.Retired).All(m => completed.Contains(m.Id));
    }
}
