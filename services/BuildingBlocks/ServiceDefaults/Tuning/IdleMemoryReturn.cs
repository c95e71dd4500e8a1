using System.Diagnostics.Metrics;
using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PeerPlatform.ServiceDefaults.Tuning;

/// <summary>"Runtime:IdleMemoryReturn": when a process that was busy goes quiet, give its memory back.</summary>
public sealed class IdleMemoryReturnOptions
{
    /// <summary>How long the process must have been quiet; zero turns the return off.</summary>
    public TimeSpan QuietFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Allocation below this rate counts as quiet: well above what idle background work (relays
    /// polling, probes, metric exports) allocates, well below serving load (docs/decisions/0008).
    /// </summary>
    public long QuietBytesPerSecond { get; set; } = 1024 * 1024;

    /// <summary>
    /// Allocation since the last return that counts as a busy spell (start-up is one). An idle
    /// process therefore returns memory every several minutes at most, one full collection of a
    /// small heap that gives back little each time.
    /// </summary>
    public long BusyBytes { get; set; } = 12 * 1024 * 1024;

    /// <summary>How often the allocation count is looked at.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Decides when to return memory from the bytes the process has allocated over time: after a busy
/// spell (<see cref="IdleMemoryReturnOptions.BusyBytes"/> since the last return), once a whole
/// <see cref="IdleMemoryReturnOptions.QuietFor"/> has passed below the quiet rate. Pure: the clock
/// and the count are given.
/// </summary>
public sealed class IdleMemoryReturnPolicy(IdleMemoryReturnOptions options)
{
    private readonly Queue<(DateTimeOffset At, long Allocated)> window = new();
    private long allocatedAtLastReturn;

    /// <summary>True when memory should be returned now, given the bytes allocated since the process started.</summary>
    public bool ShouldReturn(DateTimeOffset now, long allocated)
    {
        if (options.QuietFor <= TimeSpan.Zero)
        {
            return false;
        }

        window.Enqueue((now, allocated));
        // Keep one look at least QuietFor old: the start of the window judged.
        while (window.Count > 1 && now - window.ElementAt(1).At >= options.QuietFor)
        {
            window.Dequeue();
        }

        var (since, allocatedThen) = window.Peek();
        var span = now - since;
        return span >= options.QuietFor
            && allocated - allocatedThen <= options.QuietBytesPerSecond * span.TotalSeconds
            && allocated - allocatedAtLastReturn >= options.BusyBytes;
    }

    /// <summary>Memory was returned; quiet is judged afresh from here.</summary>
    public void Returned(DateTimeOffset now, long allocated)
    {
        allocatedAtLastReturn = allocated;
        window.Clear();
        window.Enqueue((now, allocated));
    }
}

/// <summary>
/// After a burst of work the GC keeps what the burst promoted to its oldest generation (gen 2 is
/// collected only when its budget is spent, which an idle process never does) and its free
/// regions, and glibc keeps the native memory the JIT and the runtime freed: memory that nothing
/// uses until the next burst. When the process has gone quiet this runs one compacting collection
/// that also decommits free memory (<see cref="GCCollectionMode.Aggressive"/>) and asks glibc to
/// give free pages back (<c>malloc_trim</c>). It costs one blocking full collection of a small
/// heap per busy spell, at a moment when little is waiting (docs/decisions/0008).
/// </summary>
internal sealed class IdleMemoryReturn(IOptions<IdleMemoryReturnOptions> options, TimeProvider clock, IMeterFactory meters, ILogger<IdleMemoryReturn> logger)
    : BackgroundService
{
    private readonly Counter<long> returns = meters.Create(MeterName).CreateCounter<long>(
        "peer.runtime.idle_memory_returns", unit: "{return}", description: "Times a process returned memory after going quiet.");

    public const string MeterName = "PeerPlatform.Runtime";

    private static bool canTrimNativeHeap = OperatingSystem.IsLinux();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.QuietFor <= TimeSpan.Zero)
        {
            return;
        }

        var policy = new IdleMemoryReturnPolicy(settings);
        using var timer = new PeriodicTimer(settings.CheckEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (policy.ShouldReturn(clock.GetUtcNow(), GC.GetTotalAllocatedBytes()))
                {
                    ReturnMemory();
                    policy.Returned(clock.GetUtcNow(), GC.GetTotalAllocatedBytes());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void ReturnMemory()
    {
        var before = Environment.WorkingSet;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        TrimNativeHeap();
        returns.Add(1);
        logger.LogInformation("Quiet after a busy spell: returned memory, resident {BeforeMiB} → {AfterMiB} MiB",
            before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024));
    }

    private static void TrimNativeHeap()
    {
        if (!canTrimNativeHeap)
        {
            return;
        }

        try
        {
            MallocTrim(0);
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (musl in Alpine images has no malloc_trim): the GC part still runs.
            canTrimNativeHeap = false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
