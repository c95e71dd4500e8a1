using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using PeerPlatform.Bench;
using PeerPlatform.Bench.Load;
using PeerPlatform.Bench.Scenarios;
using PeerPlatform.TestSupport;

// ./peer bench [--quick] [--only reads|create|webhooks|events|report] [--warmup SECONDS] [--out docs/benchmarks.md] [--hold SECONDS]: starts the
// suite, runs every scenario beside its baseline in this same run, and writes the figures. --quick
// runs each for a few seconds as a smoke check (CI); --quick and --only write to the console only
// unless --out is given.
var quick = args.Contains("--quick");
string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
var only = Option("--only");
bool Runs(string scenario) => only is null || only == scenario;
var output = Option("--out") ?? (quick || only is not null ? null : "docs/benchmarks.md");
var settings = new BenchSettings(quick, Option("--warmup") is { } warmup ? TimeSpan.FromSeconds(int.Parse(warmup, System.Globalization.CultureInfo.InvariantCulture)) : null);
var log = Console.Out;
var started = Stopwatch.StartNew();

await using var suite = new BenchSuite();
log.WriteLine("bench: starting the suite ...");
await suite.StartAsync();
log.WriteLine($"bench: suite up in {started.Elapsed.TotalSeconds:0} s");
var token = await suite.TokenAsync(DevelopmentClients.Integrator);

if (!quick)
{
    using var warmupClient = ReadScenarios.Client(suite.Gateway, token);
    await SuiteWarmup.RunAsync(suite, settings, token, await ReadScenarios.CreateReferralAsync(warmupClient), log);
}

var figures = new List<Figure>();
if (Runs("reads"))
{
    using var gateway = ReadScenarios.Client(suite.Gateway, token);
    var referralId = await ReadScenarios.CreateReferralAsync(gateway);
    figures.AddRange(await ReadScenarios.RunAsync(suite, settings, token, referralId, log));
}

if (Runs("create"))
{
    figures.AddRange(await CreateScenario.RunAsync(suite, settings, token, log));
}

if (Runs("webhooks"))
{
    figures.AddRange(await WebhookScenario.RunAsync(suite, settings, token, log));
}

if (Runs("events"))
{
    figures.AddRange(await EventsScenario.RunAsync(suite, settings, token, log));
}

if (Runs("report"))
{
    figures.AddRange(await ReportScenario.RunAsync(suite, settings, token, log));
}

// Memory after the run: read right after the last call, and again 20 s later, once each service
// has had time to return what it no longer uses (Runtime:IdleMemoryReturn: quiet for 10 s,
// checked every 2 s). The target is judged on the first reading; the second shows how far a
// service's memory moves on its own once the load stops (bench/NOTES.md).
var memory = BenchSuite.ServiceMemoryMiB();
log.WriteLine($"bench: memory right after the last call: {string.Join(", ", memory.OrderBy(m => m.Key).Select(m => $"{m.Key} {m.Value.Resident:0} MiB"))}; reading it again in {BenchSuite.MemorySettleTime.TotalSeconds:0} s");
await Task.Delay(BenchSuite.MemorySettleTime);
var later = BenchSuite.ServiceMemoryMiB();
// The gateway's /metrics answers operators only.
var operatorToken = await suite.TokenAsync(DevelopmentClients.Operator);
foreach (var (service, mib) in memory.OrderBy(m => m.Key))
{
    var heap = await suite.GcHeapMiBAsync(service, operatorToken) is { } gcHeap ? $"; then {gcHeap}" : "";
    var settled = later.TryGetValue(service, out var second) ? $"; {BenchSuite.MemorySettleTime.TotalSeconds:0} s later {second.Resident:0} MiB (anonymous {second.Anonymous:0})" : "";
    figures.Add(new Figure($"Memory: {service} after the run", $"{mib.Resident:0} MiB RSS", "—", "—", "≤ 200 MB", mib.Resident * 1.048576 <= 200,
        $"anonymous {mib.Anonymous:0}, file-backed {mib.FileBacked:0}, shared memory {mib.SharedMemory:0} MiB; at most {mib.Peak:0} MiB during the run{settled}{heap}"));
}

log.WriteLine($"bench: telemetry exported by the suite to the runner's sink: {string.Join(", ", suite.TelemetryReceived.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value / 1048576.0:0.0} MiB"))}");
var report = BenchmarkReport.Render(figures, settings, started.Elapsed, LoadGenerator.Measured);
// What was changed to meet the targets, and what is known: kept by hand beside the runner.
if (File.Exists("bench/NOTES.md"))
{
    report += Environment.NewLine + await File.ReadAllTextAsync("bench/NOTES.md");
}

log.WriteLine();
log.WriteLine(report);
if (output is not null)
{
    await File.WriteAllTextAsync(output, report, Encoding.UTF8);
    log.WriteLine($"bench: wrote {output}");
}

log.WriteLine($"bench: {figures.Count} figures, {figures.Count(f => f.Met == true)} targets met, {figures.Count(f => f.Met == false)} missed, {figures.Count(f => f.Met is null)} not measured ({started.Elapsed.TotalSeconds:0} s)");
// --hold SECONDS keeps the suite up after the run, for dotnet-gcdump, dotnet-counters or smaps.
// Ctrl+C or SIGTERM ends the hold early and still stops the suite in order.
if (Option("--hold") is { } hold)
{
    log.WriteLine($"bench: holding the suite for {hold} s (Ctrl+C ends it)");
    using var interrupted = new CancellationTokenSource();
    void Interrupt(PosixSignalContext context)
    {
        context.Cancel = true;
        interrupted.Cancel();
    }

    using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
    using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
    try
    {
        await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold, System.Globalization.CultureInfo.InvariantCulture)), interrupted.Token);
    }
    catch (OperationCanceledException)
    {
        log.WriteLine("bench: hold ended early; stopping the suite");
    }
}

// Missed targets are findings; a scenario that went wrong (failed calls, figures that disagree) is a failure.
foreach (var figure in figures.Where(f => f.Problem is not null))
{
    Console.Error.WriteLine($"bench: {figure.Scenario}: {figure.Problem}");
}

return figures.Any(f => f.Problem is not null) ? 1 : 0;
