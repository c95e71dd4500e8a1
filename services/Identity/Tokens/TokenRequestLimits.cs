using System.Collections.Concurrent;

namespace PeerPlatform.Identity.Tokens;

/// <summary>"Identity:FailedTokenRequests": how many failed client authentications one client id may have in a window.</summary>
public sealed class TokenRequestLimitOptions
{
    public const string Section = "Identity:FailedTokenRequests";

    /// <summary>Failed authentications (wrong secret, unknown client, a bad or replayed assertion) allowed per client id and window.</summary>
    public int PerClient { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Failed client authentications counted per client id, whatever address they come from: the
/// gateway limits each address, which does nothing against guessing one client's secret from
/// many. Once a client id has had its allowance of failures in a window, its token requests are
/// refused (429) until the window ends, right secret or not, so guesses cannot go on. A client
/// refused this way waits for Retry-After; its earlier tokens stay valid. Counts live in this
/// process (Identity runs as one instance) and reset when it restarts.
/// </summary>
internal sealed class TokenRequestLimits(Microsoft.Extensions.Options.IOptions<TokenRequestLimitOptions> options, TimeProvider clock)
{
    /// <summary>Client ids longer than this are counted by their first characters: no registered one is near it.</summary>
    internal const int MaxClientIdLength = 200;

    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);
    private DateTimeOffset lastSweep = DateTimeOffset.MinValue;

    /// <summary>How long <paramref name="clientId"/> must wait before its next token request, or null when it may ask now.</summary>
    public TimeSpan? RetryAfter(string clientId)
    {
        if (!windows.TryGetValue(Key(clientId), out var window))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        lock (window)
        {
            var ends = window.Start + options.Value.Window;
            return now < ends && window.Failures >= options.Value.PerClient ? ends - now : null;
        }
    }

    public void RecordFailure(string clientId)
    {
        var now = clock.GetUtcNow();
        var window = windows.GetOrAdd(Key(clientId), _ => new Window { Start = now });
        lock (window)
        {
            if (now >= window.Start + options.Value.Window)
            {
                window.Start = now;
                window.Failures = 0;
            }

            window.Failures++;
        }

        Sweep(now);
    }

    private static string Key(string clientId) => clientId.Length > MaxClientIdLength ? clientId[..MaxClientIdLength] : clientId;

    /// <summary>Forgets windows that have ended, at most once a window, so made-up client ids do not pile up.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now - lastSweep < options.Value.Window)
        {
            return;
        }

        lastSweep = now;
        foreach (var (clientId, window) in windows)
        {
            lock (window)
            {
                if (now >= window.Start + options.Value.Window)
                {
                    windows.TryRemove(clientId, out _);
                }
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Failures { get; set; }
    }
}
