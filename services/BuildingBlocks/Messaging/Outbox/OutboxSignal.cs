namespace PeerPlatform.Messaging.Outbox;

/// <summary>Wakes the relay as soon as a transaction with outbox rows commits (<see cref="OutboxCommitListener{TDbContext}"/>), instead of waiting for its poll.</summary>
public sealed class OutboxSignal
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
                // Another writer woke the relay first; one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        semaphore.WaitAsync(timeout, cancellationToken);
}
