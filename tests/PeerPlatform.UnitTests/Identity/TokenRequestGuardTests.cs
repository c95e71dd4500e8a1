using Microsoft.Extensions.Options;
using PeerPlatform.Identity.Tokens;

namespace PeerPlatform.UnitTests.Identity;

/// <summary>The per-client limit on failed authentications and the one-use client assertion.</summary>
public sealed class TokenRequestGuardTests
{
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero));

    private TokenRequestLimits Limits(int perClient = 3) =>
        new(Options.Create(new TokenRequestLimitOptions { PerClient = perClient, Window = TimeSpan.FromMinutes(5) }), clock);

    [Fact]
    public void A_client_id_is_refused_once_it_has_had_its_failures_until_the_window_ends()
    {
        var limits = Limits();
        limits.RecordFailure("trust-integrator");
        limits.RecordFailure("trust-integrator");
        Assert.Null(limits.RetryAfter("trust-integrator"));

        clock.Advance(TimeSpan.FromMinutes(1));
        limits.RecordFailure("trust-integrator");
        Assert.Equal(TimeSpan.FromMinutes(4), limits.RetryAfter("trust-integrator"));
        Assert.Null(limits.RetryAfter("platform-operator"));

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(limits.RetryAfter("trust-integrator"));
        limits.RecordFailure("trust-integrator");
        Assert.Null(limits.RetryAfter("trust-integrator"));
    }

    [Fact]
    public void A_client_assertion_is_accepted_once_per_client_until_it_can_no_longer_be_accepted()
    {
        var replay = new ClientAssertionReplay(clock);
        var expires = clock.GetUtcNow().AddMinutes(2);

        Assert.True(replay.TryUse("test-assertion-integrator", "jti-1", expires));
        Assert.False(replay.TryUse("test-assertion-integrator", "jti-1", expires));
        Assert.True(replay.TryUse("another-client", "jti-1", expires));

        // Still refused within the clock skew OpenIddict allows past exp.
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False(replay.TryUse("test-assertion-integrator", "jti-1", expires));
        clock.Advance(ClientAssertionReplay.KeptPastExpiry);
        Assert.True(replay.TryUse("test-assertion-integrator", "jti-1", expires));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
