namespace PeerPlatform.Integrations.Domain;

/// <summary>
/// When a failed delivery is tried again: exponential back-off from <see cref="FirstDelay"/>,
/// doubling to at most <see cref="MaxDelay"/>, each delay randomised over its upper half so
/// receivers recovering from an outage are not hit by every retry at once; given up once the
/// delivery is <see cref="GiveUpAfter"/> old.
/// </summary>
internal sealed record RetrySchedule(TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan GiveUpAfter)
{
    /// <param name="attempts">Attempts made so far (at least 1).</param>
    /// <param name="random">A number in [0, 1) choosing where in the upper half the delay falls.</param>
    public TimeSpan DelayAfter(int attempts, double random)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, doublings));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (ceiling / 2 * Math.Clamp(random, 0, 1)));
    }

    /// <summary>Whether a delivery created at <paramref name="createdAt"/> has been retried long enough.</summary>
    public bool GivesUp(DateTimeOffset createdAt, DateTimeOffset now) => now - createdAt >= GiveUpAfter;
}
