using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PeerPlatform.Bench.Load;
using PeerPlatform.TestSupport;

namespace PeerPlatform.Bench.Scenarios;

/// <summary>
/// Memory under sustained load (./peer bench --soak MINUTES): mixed traffic through the gateway at
/// <see cref="Rate"/> calls a second, as a trust's systems would send it (creates, reads, each
/// referral taken through its journey to the end of the engagement, lists and reports), with
/// every process's resident memory and GC heap sampled once a minute. A process whose memory
/// still climbs over the last part of the run holds something that does not level off.
/// </summary>
public static class SoakScenario
{
    public const double Rate = 100;

    /// <summary>The trend is judged over the last 20 minutes, or the last two thirds of a shorter run.</summary>
    public static readonly TimeSpan TrendWindow = TimeSpan.FromMinutes(20);

    private const string Locality = "soak";

    /// <summary>Access tokens live 15 minutes: the soak takes a new one as often as a trust's system would.</summary>
    private static readonly TimeSpan TokenRenewal = TimeSpan.FromMinutes(5);

    public static async Task<SoakResult> RunAsync(BenchSuite suite, TimeSpan duration, Func<Task<string>> newToken, Func<Task<string>> newOperatorToken, TextWriter log)
    {
        var bearer = new BearerToken(await newToken());
        using var gateway = new HttpClient(new BearerTokenHandler(bearer) { InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) } })
        {
            BaseAddress = suite.Gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var workers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            workers.Add(await WorkerHiring.HireAsync(gateway, Locality));
        }

        log.WriteLine($"soak: hired {workers.Count} workers in locality '{Locality}'; {Rate:0} calls/s for {duration.TotalMinutes:0} min");
        var traffic = new SoakTraffic(gateway, workers);
        var samples = new List<MemorySample>();
        var runs = new List<LoadResult>();
        var minutes = (int)Math.Ceiling(duration.TotalMinutes);
        var operatorToken = await newOperatorToken();
        var renewed = DateTime.UtcNow;
        samples.Add(await SampleAsync(suite, operatorToken, 0));
        for (var minute = 1; minute <= minutes; minute++)
        {
            if (DateTime.UtcNow - renewed > TokenRenewal)
            {
                (bearer.Value, operatorToken, renewed) = (await newToken(), await newOperatorToken(), DateTime.UtcNow);
            }

            var run = await LoadGenerator.FixedRateAsync($"soak minute {minute}", Rate, TimeSpan.FromMinutes(1), traffic.NextAsync, measured: false);
            runs.Add(run);
            var sample = await SampleAsync(suite, operatorToken, minute);
            samples.Add(sample);
            log.WriteLine($"soak: minute {minute}: {run.Succeeded} answered, {run.Failed} failed{(run.FailureReasons is { } reasons ? $" ({reasons})" : "")}, p90 {run.LatencyMs(90):0.0} ms; RSS "
                + string.Join(", ", sample.Processes.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value.Resident:0}")));
        }

        return new SoakResult(duration, samples, runs, traffic.Counts);
    }

    private static async Task<MemorySample> SampleAsync(BenchSuite suite, string operatorToken, int minute)
    {
        var processes = new Dictionary<string, ProcessMemory>();
        foreach (var (service, memory) in BenchSuite.ServiceMemoryMiB())
        {
            processes[service] = new ProcessMemory(memory.Resident, (await suite.GcHeapMiBAsync(service, operatorToken))?.Objects);
        }

        return new MemorySample(minute, processes);
    }

    /// <summary>The next call of the mixture: which one comes from a counter, so the mixture is the same every minute.</summary>
    private sealed class SoakTraffic(HttpClient gateway, IReadOnlyList<string> workers)
    {
        private readonly ConcurrentQueue<(string Id, int Step)> journeys = new();
        private const int JourneysInProgress = 200;
        private readonly string[] recent = new string[1024];
        private long calls;
        private long created;

        public ConcurrentDictionary<string, long> Counts { get; } = new();

        public async Task<bool> NextAsync(CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref calls);
            // Out of every 20 calls: 2 creates, 6 reads, 10 journey steps, one list, one report or
            // worker read. A journey is six steps, so most referrals created are taken to the end.
            var kind = (call % 20) switch
            {
                < 2 => "create",
                < 8 => "read",
                < 18 => "journey step",
                18 => "list",
                _ => call % 40 == 19 ? "report" : "worker",
            };
            Counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
            try
            {
                return await CallAsync(kind, call, cancellationToken);
            }
            catch (FailedCallException failed)
            {
                throw new FailedCallException($"{kind}: {failed.Message}");
            }
        }

        private async Task<bool> CallAsync(string kind, long call, CancellationToken cancellationToken) =>
            kind switch
            {
                "create" => await CreateAsync(cancellationToken),
                "read" => await GetAsync($"/api/referrals/{Recent(call) ?? await NewReferralAsync(cancellationToken)}", cancellationToken),
                "journey step" => await StepAsync(cancellationToken),
                "list" => await GetAsync("/api/referrals?status=REFERRAL_STATUS_RECEIVED&pageSize=20", cancellationToken),
                "report" => await GetAsync(call % 80 == 19 ? "/api/outcomes/reports/programme" : "/api/outcomes/summary", cancellationToken),
                _ => await GetAsync($"/api/workforce/workers/{workers[(int)(call % workers.Count)]}", cancellationToken),
            };

        /// <summary>A new referral, which joins the journeys in progress unless <see cref="JourneysInProgress"/> already are (the rest stay received, as some do).</summary>
        private async Task<bool> CreateAsync(CancellationToken cancellationToken)
        {
            var id = await NewReferralAsync(cancellationToken);
            if (journeys.Count < JourneysInProgress)
            {
                journeys.Enqueue((id, 0));
            }

            return true;
        }

        private async Task<string> NewReferralAsync(CancellationToken cancellationToken)
        {
            var referral = ReadScenarios.NewReferral();
            referral["client"]!["locality"] = Locality;
            using var response = await gateway.PostAsJsonAsync("/api/referrals", referral, cancellationToken);
            LoadGenerator.Succeeded(response);
            var id = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["referralId"]!.GetValue<string>();
            recent[Interlocked.Increment(ref created) % recent.Length] = id;
            return id;
        }

        private string? Recent(long call) => recent[call % Math.Max(1, Math.Min(Volatile.Read(ref created), recent.Length))];

        /// <summary>Takes one referral one step on: information, consent, accept, match, a contact, the end.</summary>
        private async Task<bool> StepAsync(CancellationToken cancellationToken)
        {
            if (!journeys.TryDequeue(out var journey))
            {
                return await CreateAsync(cancellationToken);
            }

            var (path, body) = journey.Step switch
            {
                0 => ("information", (object)new { givenBy = "Peer support lead", givenOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), method = "INFORMATION_METHOD_IN_PERSON" }),
                1 => ("consent", new { consentGiven = true }),
                2 => ("accept", new { }),
                3 => ("match", new { }),
                4 => ("contacts", new { contactAt = DateTime.UtcNow, durationMinutes = 45, mode = "CONTACT_MODE_FACE_TO_FACE" }),
                _ => ("end", (object)new { reason = "END_REASON_GOALS_MET" }),
            };
            using var response = await gateway.PostAsJsonAsync($"/api/referrals/{journey.Id}/{path}", body, cancellationToken);
            if (path == "match" && !response.IsSuccessStatusCode && await NoWorkerFreeAsync(response, cancellationToken))
            {
                // Every worker's caseload is full until an ended engagement frees a slot: try again later.
                Counts.AddOrUpdate("match deferred, no worker free", 1, (_, n) => n + 1);
                journeys.Enqueue(journey);
                return true;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new FailedCallException($"{path}: HTTP {(int)response.StatusCode}");
            }

            if (journey.Step < 5)
            {
                journeys.Enqueue((journey.Id, journey.Step + 1));
            }

            return true;
        }

        private static async Task<bool> NoWorkerFreeAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
            (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("No peer worker is available", StringComparison.Ordinal);

        private async Task<bool> GetAsync(string path, CancellationToken cancellationToken)
        {
            using var response = await gateway.GetAsync(path, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return LoadGenerator.Succeeded(response);
        }
    }
}

/// <summary>The access token the soak's calls carry now, renewed while they run.</summary>
internal sealed class BearerToken(string value)
{
    private volatile string value = value;

    public string Value
    {
        get => value;
        set => this.value = value;
    }
}

internal sealed class BearerTokenHandler(BearerToken token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Value);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>A process's resident memory and the GC heap's objects after its last collection, in MiB.</summary>
public sealed record ProcessMemory(double Resident, double? HeapObjects);

public sealed record MemorySample(int Minute, IReadOnlyDictionary<string, ProcessMemory> Processes);

/// <summary>What a soak measured, and its report: per process, the trend over the last part of the run.</summary>
public sealed record SoakResult(TimeSpan Duration, IReadOnlyList<MemorySample> Samples, IReadOnlyList<LoadResult> Minutes, IReadOnlyDictionary<string, long> Calls)
{
    /// <summary>Where the last soak's section is kept: a full run puts it into docs/benchmarks.md again.</summary>
    public const string ReportFile = "bench/soak.md";

    private const string Heading = "## Memory under sustained load";

    /// <summary>The report with its soak section replaced by <paramref name="section"/>, or with it added before the notes.</summary>
    public static string Replace(string report, string section)
    {
        var start = report.IndexOf(Heading, StringComparison.Ordinal);
        if (start < 0)
        {
            var notes = report.IndexOf(Environment.NewLine + "## ", report.IndexOf("## Where the CPU went", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
            return notes < 0 ? report + Environment.NewLine + section : report.Insert(notes + Environment.NewLine.Length, section + Environment.NewLine);
        }

        var end = report.IndexOf(Environment.NewLine + "## ", start + Heading.Length, StringComparison.Ordinal);
        return report[..start] + section + (end < 0 ? "" : report[end..]);
    }

    /// <summary>The minutes the trend is fitted over: the last 20, or the last two thirds of a shorter run.</summary>
    public IReadOnlyList<MemorySample> Window
    {
        get
        {
            var last = Samples[^1].Minute;
            var span = Math.Min(SoakScenario.TrendWindow.TotalMinutes, Math.Ceiling(last * 2 / 3.0));
            return Samples.Where(s => s.Minute >= last - span).ToList();
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        var window = Window;
        var processes = Samples[^1].Processes.Keys.Order(StringComparer.Ordinal).ToList();
        var answered = Minutes.Sum(m => m.Succeeded);
        var failed = Minutes.Sum(m => m.Failed);
        text.AppendLine(Heading + " (`./peer bench --soak`)");
        text.AppendLine();
        text.AppendLine($"Run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {BenchmarkReport.Git("rev-parse --short HEAD")}, Release build: "
            + $"{Duration.TotalMinutes:0} minutes of mixed traffic through the gateway at {SoakScenario.Rate:0} calls/s "
            + $"({string.Join(", ", Calls.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:N0}"))}); "
            + $"{answered:N0} answered, {failed:N0} failed{(Minutes.Select(m => m.FailureReasons).OfType<string>().ToList() is { Count: > 0 } reasons ? $" ({string.Join("; ", reasons.Distinct())})" : "")}. "
            + $"Every process's resident memory (`/proc/PID/status`) and the GC heap's objects after its last collection (`dotnet.gc.last_collection.heap.size`) were read each minute; "
            + $"the slope is a least-squares line over minutes {window[0].Minute}–{window[^1].Minute}.");
        text.AppendLine();
        text.AppendLine("| process | RSS at minute " + window[0].Minute + " | RSS at the end | RSS slope | GC heap objects, then → end | heap slope |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var process in processes)
        {
            var rss = Series(window, process, m => m.Resident);
            var heap = Series(window, process, m => m.HeapObjects);
            text.AppendLine($"| {process} | {rss.FirstOrDefault().Value:0} MiB | {rss.LastOrDefault().Value:0} MiB | {Slope(rss):+0.00;−0.00} MiB/min | "
                + (heap.Count > 1 ? $"{heap[0].Value:0.0} → {heap[^1].Value:0.0} MiB | {Slope(heap):+0.00;−0.00} MiB/min |" : "— | — |"));
        }

        text.AppendLine();
        text.AppendLine("Resident memory each minute (MiB):");
        text.AppendLine();
        text.AppendLine($"| minute | {string.Join(" | ", processes)} |");
        text.AppendLine($"|---|{string.Concat(processes.Select(_ => "---|"))}");
        foreach (var sample in Samples)
        {
            text.AppendLine($"| {sample.Minute} | {string.Join(" | ", processes.Select(p => sample.Processes.TryGetValue(p, out var m) ? $"{m.Resident:0}" : "—"))} |");
        }

        return text.ToString();
    }

    private static List<(int Minute, double Value)> Series(IEnumerable<MemorySample> samples, string process, Func<ProcessMemory, double?> value) =>
        samples.Where(s => s.Processes.ContainsKey(process) && value(s.Processes[process]) is not null)
            .Select(s => (s.Minute, value(s.Processes[process])!.Value)).ToList();

    /// <summary>The least-squares slope of a series, per minute; 0 for fewer than two points.</summary>
    public static double Slope(IReadOnlyList<(int Minute, double Value)> series)
    {
        if (series.Count < 2)
        {
            return 0;
        }

        var meanX = series.Average(p => (double)p.Minute);
        var meanY = series.Average(p => p.Value);
        var covariance = series.Sum(p => (p.Minute - meanX) * (p.Value - meanY));
        var variance = series.Sum(p => (p.Minute - meanX) * (p.Minute - meanX));
        return covariance / variance;
    }
}
