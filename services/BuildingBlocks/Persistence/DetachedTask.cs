namespace PeerPlatform.Persistence;

/// <summary>Background loops that a request or a delivery happens to start.</summary>
public static class DetachedTask
{
    /// <summary>
    /// Runs <paramref name="work"/> without the calling context. A loop started lazily by the first
    /// request would otherwise keep that request's Activity.Current for good, and every span it
    /// made later would land in that one old trace.
    /// </summary>
    public static Task Run(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }
}
