using System.Collections.Concurrent;

namespace PeerPlatform.Identity.Tokens;

/// <summary>
/// The jti of every client assertion accepted, per client, kept until the assertion expires: an
/// assertion is a one-time credential (RFC 7523 §3, OpenID Connect Core §9), so a copy captured on
/// the way cannot be used again while it is still valid. OpenIddict 7.8 checks an assertion's
/// signature, issuer, audience and expiry but keeps no record of its jti. Kept in this process
/// (Identity runs as one instance); a restart forgets them, which reopens at most the few minutes
/// an assertion lives.
/// </summary>
internal sealed class ClientAssertionReplay(TimeProvider clock)
{
    /// <summary>OpenIddict accepts an assertion up to 5 minutes past its exp (the default clock skew): it is kept longer than that.</summary>
    internal static readonly TimeSpan KeptPastExpiry = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string ClientId, string Jti), DateTimeOffset> used = new();
    private DateTimeOffset lastSweep = DateTimeOffset.MinValue;

    /// <summary>Whether this is the first use of <paramref name="jti"/> by <paramref name="clientId"/>; if so it is remembered until it can no longer be accepted.</summary>
    public bool TryUse(string clientId, string jti, DateTimeOffset expires)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        return used.TryAdd((clientId, jti), expires + KeptPastExpiry);
    }

    /// <summary>Forgets the ones that can no longer be accepted, at most once a minute.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now - lastSweep < TimeSpan.FromMinutes(1))
        {
            return;
        }

        lastSweep = now;
        foreach (var (key, keptUntil) in used)
        {
            if (keptUntil < now)
            {
                used.TryRemove(key, out _);
            }
        }
    }
}
