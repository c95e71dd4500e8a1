namespace PeerPlatform.Messaging;

/// <summary>
/// Wakes a background worker at once when there is work (a commit it should act on) instead of
/// waiting for its poll; any number of notifications before it wakes count as one.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Notify()
    {
        if (semaphore.CurrentCount == 0)
        {
            try
            {
                semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer woke it first; one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        semaphore.WaitAsync(timeout, cancellationToken);
}
