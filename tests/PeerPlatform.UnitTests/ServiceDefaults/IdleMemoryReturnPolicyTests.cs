using PeerPlatform.ServiceDefaults.Tuning;

namespace PeerPlatform.UnitTests.ServiceDefaults;

public sealed class IdleMemoryReturnPolicyTests
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);
    private static readonly IdleMemoryReturnOptions Options = new()
    {
        QuietFor = TimeSpan.FromSeconds(10),
        QuietBytesPerSecond = MiB,
        BusyBytes = 32 * MiB,
    };

    /// <summary>Looks every 2 s from <paramref name="from"/> s to <paramref name="to"/> s, allocating at the given rate; the answers.</summary>
    private static List<bool> Watch(IdleMemoryReturnPolicy policy, int from, int to, ref long allocated, long bytesPerSecond)
    {
        var answers = new List<bool>();
        for (var second = from; second <= to; second += 2)
        {
            answers.Add(policy.ShouldReturn(Start.AddSeconds(second), allocated));
            allocated += 2 * bytesPerSecond;
        }

        return answers;
    }

    [Fact]
    public void Returns_once_a_busy_process_has_been_quiet_for_the_whole_window_and_not_again_until_busy_again()
    {
        var policy = new IdleMemoryReturnPolicy(Options);
        long allocated = 0;
        Assert.DoesNotContain(true, Watch(policy, 0, 20, ref allocated, 50 * MiB));   // busy: 550 MiB
        var quiet = Watch(policy, 22, 40, ref allocated, 100 * 1024);                 // quiet from 22 s
        Assert.Equal(Enumerable.Range(0, quiet.Count).Select(i => 22 + 2 * i >= 32).ToList(), quiet);

        policy.Returned(Start.AddSeconds(40), allocated);
        Assert.DoesNotContain(true, Watch(policy, 42, 600, ref allocated, 50 * 1024)); // idle: 29 MiB in 10 min
        Assert.DoesNotContain(true, Watch(policy, 602, 604, ref allocated, 10 * MiB)); // a short burst
        Assert.Contains(true, Watch(policy, 606, 620, ref allocated, 50 * 1024));      // then quiet
    }

    [Fact]
    public void Start_up_counts_as_a_busy_spell_but_a_process_that_never_allocated_much_is_left_alone()
    {
        var policy = new IdleMemoryReturnPolicy(Options);
        Assert.False(policy.ShouldReturn(Start, 40 * MiB));
        Assert.False(policy.ShouldReturn(Start.AddSeconds(8), 40 * MiB));
        Assert.True(policy.ShouldReturn(Start.AddSeconds(10), 40 * MiB));

        var small = new IdleMemoryReturnPolicy(Options);
        long allocated = 10 * MiB;
        Assert.DoesNotContain(true, Watch(small, 0, 300, ref allocated, 10 * 1024));
    }

    [Fact]
    public void Never_returns_under_steady_load_or_when_turned_off()
    {
        var policy = new IdleMemoryReturnPolicy(Options);
        long allocated = 0;
        Assert.DoesNotContain(true, Watch(policy, 0, 600, ref allocated, 2 * MiB));

        var off = new IdleMemoryReturnPolicy(new IdleMemoryReturnOptions { QuietFor = TimeSpan.Zero });
        allocated = 0;
        Watch(off, 0, 20, ref allocated, 50 * MiB);
        Assert.DoesNotContain(true, Watch(off, 22, 300, ref allocated, 0));
    }
}
