using System.Diagnostics;

namespace PeerPlatform.Bench.Load;

/// <summary>
/// CPU time used by the runner and every process it started (the orchestrator, PostgreSQL,
/// RabbitMQ, each service), grouped by what each process is, at one instant. Read from
/// <c>/proc/PID/stat</c> (user + system time of all the process's threads), so Linux only;
/// elsewhere a snapshot is empty and runs report no CPU.
/// </summary>
public sealed class CpuSnapshot
{
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux ABI .NET runs on

    private CpuSnapshot(long timestamp, IReadOnlyDictionary<int, (string Group, double Seconds)> processes)
    {
        Timestamp = timestamp;
        Processes = processes;
    }

    public long Timestamp { get; }

    /// <summary>CPU seconds used so far, by process id, with the group each process counts in.</summary>
    public IReadOnlyDictionary<int, (string Group, double Seconds)> Processes { get; }

    public static CpuSnapshot Take()
    {
        var timestamp = Stopwatch.GetTimestamp();
        if (!Directory.Exists("/proc/self"))
        {
            return new CpuSnapshot(timestamp, new Dictionary<int, (string, double)>());
        }

        var parents = new Dictionary<int, int>();
        var cpu = new Dictionary<int, double>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // The command name (field 2) is in parentheses and may hold spaces and ')', so
                // the fields are counted from after its last ')': state, ppid, ... utime (14), stime (15).
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
                cpu[pid] = (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // gone meanwhile
            }
        }

        // The orchestrator (DCP) detaches from the runner: its API server names the runner as
        // the process it watches (--monitor PID), and everything else it starts is under it.
        var self = Environment.ProcessId;
        var roots = new HashSet<int> { self };
        var argumentsOf = cpu.Keys.ToDictionary(pid => pid, Arguments);
        foreach (var (pid, arguments) in argumentsOf)
        {
            var monitor = Array.IndexOf(arguments, "--monitor");
            if (monitor >= 0 && monitor + 1 < arguments.Length && arguments[monitor + 1] == self.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                roots.Add(pid);
            }
        }

        var processes = new Dictionary<int, (string, double)>();
        foreach (var (pid, seconds) in cpu)
        {
            if (IsUnder(pid, roots, parents))
            {
                processes[pid] = (pid == self ? RunnerGroup : GroupOf(argumentsOf[pid]), seconds);
            }
        }

        return new CpuSnapshot(timestamp, processes);
    }

    /// <summary>The runner's own process: the load, the baselines' clients, the orchestrator's host and the telemetry sink.</summary>
    public const string RunnerGroup = "runner";

    private static bool IsUnder(int pid, HashSet<int> roots, Dictionary<int, int> parents)
    {
        for (var hops = 0; hops < 64; hops++)
        {
            if (roots.Contains(pid))
            {
                return true;
            }

            if (!parents.TryGetValue(pid, out pid) || pid <= 1)
            {
                return false;
            }
        }

        return false;
    }

    private static string[] Arguments(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string GroupOf(string[] arguments)
    {
        var program = arguments.Length > 0 ? Path.GetFileName(arguments[0]) : "";
        return program switch
        {
            _ when program.StartsWith("PeerPlatform.", StringComparison.Ordinal) => program["PeerPlatform.".Length..],
            // Backends retitle themselves ("postgres: user db host state").
            "postgres" => "PostgreSQL",
            _ when arguments.Length > 0 && arguments[0].StartsWith("postgres:", StringComparison.Ordinal) => "PostgreSQL",
            "beam.smp" or "erl_child_setup" or "epmd" or "inet_gethost" => "RabbitMQ",
            "dcp" => "orchestrator",
            // The `dotnet run` launchers of the services.
            "dotnet" => "launchers",
            _ => "other",
        };
    }
}

/// <summary>CPU each group of processes used between two snapshots, against the wall time between them.</summary>
public sealed record CpuUse(TimeSpan Wall, IReadOnlyDictionary<string, double> SecondsByGroup)
{
    public static CpuUse Between(CpuSnapshot start, CpuSnapshot end)
    {
        var seconds = new Dictionary<string, double>();
        foreach (var (pid, (group, used)) in end.Processes)
        {
            // A process started meanwhile counts from zero; one that ended meanwhile is not counted.
            var before = start.Processes.TryGetValue(pid, out var earlier) ? earlier.Seconds : 0;
            seconds[group] = seconds.GetValueOrDefault(group) + Math.Max(0, used - before);
        }

        return new CpuUse(Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp), seconds);
    }

    /// <summary>Several measured spans as one: their wall time and each group's CPU added up.</summary>
    public static CpuUse Sum(IEnumerable<CpuUse> parts)
    {
        var wall = TimeSpan.Zero;
        var seconds = new Dictionary<string, double>();
        foreach (var part in parts)
        {
            wall += part.Wall;
            foreach (var (group, used) in part.SecondsByGroup)
            {
                seconds[group] = seconds.GetValueOrDefault(group) + used;
            }
        }

        return new CpuUse(wall, seconds);
    }

    public double TotalSeconds => SecondsByGroup.Values.Sum();

    /// <summary>Cores kept busy on average over the run.</summary>
    public double CoresBusy => Wall.TotalSeconds > 0 ? TotalSeconds / Wall.TotalSeconds : 0;

    /// <summary>Milliseconds of CPU per call, by group, largest first.</summary>
    public IEnumerable<(string Group, double Ms)> PerCallMs(long calls) =>
        calls <= 0 ? [] : SecondsByGroup.Select(g => (g.Key, 1000 * g.Value / calls)).OrderByDescending(g => g.Item2);

    public string Describe(long calls) =>
        SecondsByGroup.Count == 0 ? "not measured (no /proc)"
            : $"{CoresBusy:0.00} of {Environment.ProcessorCount} cores busy; CPU per call {1000 * TotalSeconds / Math.Max(1, calls):0.00} ms: "
              + string.Join(", ", PerCallMs(calls).Where(g => g.Ms >= 0.005).Select(g => $"{g.Group} {g.Ms:0.00}"));
}
