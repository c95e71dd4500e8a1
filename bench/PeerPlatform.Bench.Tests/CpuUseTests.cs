using System.Diagnostics;
using PeerPlatform.Bench.Load;

namespace PeerPlatform.Bench.Tests;

public sealed class CpuUseTests
{
    [Fact]
    public void Measured_spans_add_up_their_wall_time_and_each_groups_cpu()
    {
        var first = new CpuUse(TimeSpan.FromSeconds(10), new Dictionary<string, double> { ["Referral"] = 6, ["PostgreSQL"] = 4 });
        var second = new CpuUse(TimeSpan.FromSeconds(10), new Dictionary<string, double> { ["Referral"] = 8, ["Gateway"] = 2 });

        var sum = CpuUse.Sum([first, second]);

        Assert.Equal(TimeSpan.FromSeconds(20), sum.Wall);
        Assert.Equal(20, sum.TotalSeconds, precision: 6);
        Assert.Equal(1, sum.CoresBusy, precision: 6);
        // 2,000 calls: Referral 14 s → 7 ms a call, largest first.
        Assert.Equal([("Referral", 7.0), ("PostgreSQL", 2.0), ("Gateway", 1.0)], sum.PerCallMs(2_000));
        Assert.Empty(sum.PerCallMs(0));
    }

    [Fact]
    public void A_snapshot_counts_the_cpu_of_processes_started_under_the_runner()
    {
        using var busy = Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]))!;
        try
        {
            // A shell spinning: on a busy two-core machine it may wait for a core, so the test
            // waits (up to 10 s) until the snapshots have seen 0.1 s of its CPU.
            var before = CpuSnapshot.Take();
            var use = CpuUse.Between(before, CpuSnapshot.Take());
            for (var waited = 0; waited < 100 && use.SecondsByGroup.GetValueOrDefault("other") < 0.1; waited++)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(100));
                use = CpuUse.Between(before, CpuSnapshot.Take());
            }

            Assert.True(use.SecondsByGroup.GetValueOrDefault("other") >= 0.1, string.Join(", ", use.SecondsByGroup));
            Assert.Contains(CpuSnapshot.RunnerGroup, use.SecondsByGroup.Keys);
            Assert.InRange(use.Wall.TotalSeconds, 0.1, 30);
        }
        finally
        {
            busy.Kill();
            busy.WaitForExit();
        }
    }
}
