using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// What operators see, read from the suite's own OTLP exports (a receiver inside the test): one
/// trace per request from the gateway through every service, the relay, RabbitMQ and the last
/// consumer, with every parent link intact; domain counters and gauges that move exactly as the
/// journey says; the Prometheus endpoints; logs that carry the trace.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class OperatorTelemetryTests(SuiteFixture suite, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Server = 2, Producer = 4, Consumer = 5;

    /// <summary>One step of the journey: the trace the test started for it and the span id it sent as parent.</summary>
    private sealed record Step(string Name, string TraceId, string CallerSpanId);

    private sealed record Journey(string ReferralId, IReadOnlyList<Step> Steps, IReadOnlyDictionary<string, double> Before);

    private static Task<Journey>? journey;

    /// <summary>The journey runs once for both tests (tests in a class run one after another).</summary>
    private Task<Journey> JourneyAsync() => journey ??= DriveJourneyAsync();

    private async Task<Journey> DriveJourneyAsync()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "trace-" + Guid.NewGuid().ToString("N")[..8];
        await HireWorkerAsync(trust, locality);
        // Let earlier tests' measurements reach the receiver before taking the baseline.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var before = ReadJourneyMetrics();

        var steps = new List<Step>();
        var (created, body) = await SendTracedAsync(trust, steps, "create", "/api/referrals", new
        {
            client = new { givenName = "Sam", familyName = "Trace", dateOfBirth = "1985-03-03", nhsNumber = NhsNumbers.Random(), locality },
            source = "REFERRAL_SOURCE_SELF",
            reason = "Following a referral through the telemetry",
        });
        Assert.Equal(HttpStatusCode.OK, created);
        var id = body["referralId"]!.GetValue<string>();
        foreach (var (name, path, payload) in new (string, string, object)[]
        {
            ("information", $"/api/referrals/{id}/information", new { givenBy = "Peer lead", givenOn = Today, method = "INFORMATION_METHOD_IN_PERSON" }),
            ("consent", $"/api/referrals/{id}/consent", new { consentGiven = true }),
            ("accept", $"/api/referrals/{id}/accept", new { }),
            ("match", $"/api/referrals/{id}/match", new { }),
            ("first contact", $"/api/referrals/{id}/contacts", new { contactAt = DateTime.UtcNow, durationMinutes = 30, mode = "CONTACT_MODE_PHONE" }),
        })
        {
            var (status, answer) = await SendTracedAsync(trust, steps, name, path, payload);
            Assert.True(status == HttpStatusCode.OK, $"{name}: {(int)status} {answer.ToJsonString()}");
        }

        return new Journey(id, steps, before);
    }

    /// <summary>Sends one step as a trust system that traces its own calls would: with a W3C traceparent of a new trace.</summary>
    private static async Task<(HttpStatusCode, JsonObject)> SendTracedAsync(HttpClient client, List<Step> steps, string name, string path, object body)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using var response = await client.SendAsync(request);
        // The gateway names the trace in its answer, so a caller without tracing can still quote it.
        Assert.True(response.Headers.TryGetValues("traceresponse", out var traceResponse), $"{name}: no traceresponse header");
        Assert.Equal(traceId, Assert.Single(traceResponse).Split('-')[1]);
        steps.Add(new Step(name, traceId, callerSpanId));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) as JsonObject ?? []);
    }

    [Fact]
    public async Task Each_step_of_a_referral_journey_is_one_trace_from_the_gateway_through_Referral_Workforce_the_publish_and_the_Outcomes_consumer()
    {
        var steps = (await JourneyAsync()).Steps;
        var problems = new List<string>();
        foreach (var step in steps)
        {
            // Every step publishes at least one event Outcomes consumes; matching also calls Workforce over gRPC.
            var wanted = new List<(string What, Func<ExportedSpan, bool> Is)>
            {
                ("the gateway's server span", s => s.Service == "gateway" && s.Kind == Server),
                ("Referral's server span", s => s.Service == "referral" && s.Kind == Server),
                ("the outbox relay's span", s => s.Service == "referral" && s.Name.StartsWith("outbox relay", StringComparison.Ordinal)),
                ("the publish to RabbitMQ", s => s.Service == "referral" && s.Kind == Producer),
                ("the Outcomes consumer", s => s.Service == "outcomes" && s.Kind == Consumer),
            };
            if (step.Name == "match")
            {
                wanted.Add(("Referral's gRPC call to Workforce", s => s.Service == "referral" && s.Kind == 3 && s.Name.Contains("peer.workforce.v1", StringComparison.Ordinal)));
                wanted.Add(("Workforce's gRPC server span", s => s.Service == "workforce" && s.Kind == Server));
            }

            IReadOnlyList<ExportedSpan> trace = [];
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(300);
                trace = [.. suite.Telemetry.Spans().Where(s => s.TraceId == step.TraceId)];
            }
            while (wanted.Any(w => !trace.Any(w.Is)) && DateTime.UtcNow < deadline);

            // A span is exported when it ends, a parent after its children: wait until the trace stops growing.
            for (var count = -1; count != trace.Count && DateTime.UtcNow < deadline;)
            {
                count = trace.Count;
                await Task.Delay(1500);
                trace = [.. suite.Telemetry.Spans().Where(s => s.TraceId == step.TraceId)];
            }

            problems.AddRange(wanted.Where(w => !trace.Any(w.Is)).Select(w => $"{step.Name}: no {w.What} in trace {step.TraceId}"));
            output.WriteLine($"{step.Name}: trace {step.TraceId}, {trace.Count} spans from {string.Join(", ", trace.Select(s => s.Service).Distinct())}");

            // Parent links intact: the gateway's span is the child of the caller's, every other span the child of one in the trace.
            var spanIds = trace.Select(s => s.SpanId).ToHashSet();
            var roots = trace.Where(s => !spanIds.Contains(s.ParentSpanId)).ToList();
            var root = roots.FirstOrDefault();
            if (roots.Count != 1 || root!.Service != "gateway" || root.ParentSpanId != step.CallerSpanId)
            {
                problems.Add($"{step.Name}: spans whose parent is not in the trace: " + string.Join(", ", roots.Select(r => $"{r.Service}/{r.Name} (parent {r.ParentSpanId})")));
            }

            // No request failed along the way (status code 2 = error), and a consumer attempt that
            // failed (a retry is at-least-once delivery doing its job) was followed by one that succeeded.
            problems.AddRange(trace.Where(s => s.StatusCode == 2 && s.Kind == Server).Select(s => $"{step.Name}: request span {s.Service}/{s.Name} has status ERROR"));
            problems.AddRange(trace.Where(s => s.StatusCode == 2 && s.Kind == Consumer)
                .Where(failed => !trace.Any(s => s.Kind == Consumer && s.Name == failed.Name && s.StatusCode != 2))
                .Select(s => $"{step.Name}: consumer {s.Service}/{s.Name} never succeeded"));
            output.WriteLine($"{step.Name}: {trace.Count(s => s.StatusCode == 2)} spans with status ERROR");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The logs written while Outcomes applied the first contact carry that trace.
        var firstContact = steps.Single(s => s.Name == "first contact");
        await EventuallyAsync(
            () => Task.FromResult(suite.Telemetry.LogRecords().Any(r => r.Service == "outcomes" && r.TraceId == firstContact.TraceId && r.Body.Contains("applied", StringComparison.Ordinal))),
            "Outcomes' log of applying the first contact's event carries its trace id");
    }

    [Fact]
    public async Task After_the_journey_the_domain_counters_and_gauges_moved_exactly_and_the_outbox_drained()
    {
        var (_, _, before) = await JourneyAsync();
        var expected = new Dictionary<string, double>
        {
            ["received"] = 1,
            ["consent given"] = 1,
            ["consent declined"] = 0,
            ["first contacts timed"] = 1,
            ["active engagements"] = 1,
        };
        Dictionary<string, double> moved = [];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(500);
            var after = ReadJourneyMetrics();
            moved = expected.Keys.ToDictionary(k => k, k => after.GetValueOrDefault(k) - before.GetValueOrDefault(k));
        }
        while (expected.Any(e => moved[e.Key] != e.Value) && DateTime.UtcNow < deadline);

        output.WriteLine("moved over the journey: " + string.Join(", ", moved.Select(m => $"{m.Key} {m.Value}")));
        Assert.True(expected.All(e => moved[e.Key] == e.Value),
            "metric changes over the journey: " + string.Join(", ", expected.Select(e => $"{e.Key} {moved[e.Key]} (expected {e.Value})")));

        // The outbox drained: nothing waiting, nothing old, in the service that wrote the events.
        await EventuallyAsync(() => Task.FromResult(Latest("referral", "peer.outbox.backlog") == 0 && Latest("referral", "peer.outbox.oldest_unsent_age") == 0),
            "Referral's outbox gauges read 0 after the journey");
        // The consumer timing histogram counted Outcomes' deliveries; request metrics carry routes.
        Assert.Contains(suite.Telemetry.MetricPoints(), p => p.Service == "outcomes" && p.Metric == "peer.consumer.duration" && p.Count > 0);
        Assert.Contains(suite.Telemetry.MetricPoints(), p => p.Service == "gateway" && p.Metric == "http.server.request.duration"
            && p.Attributes.GetValueOrDefault("http.route") is { Length: > 0 });
        Assert.Contains(suite.Telemetry.MetricPoints(), p => p.Service == "outcomes" && p.Metric == "peer.messaging.error_queue.depth"
            && p.Attributes.GetValueOrDefault("queue") == "outcomes-referral-received_error");
    }

    [Fact]
    public async Task Prometheus_can_scrape_every_service_and_the_gateway_only_with_an_operator_token()
    {
        await JourneyAsync();
        using var referral = new HttpClient { BaseAddress = suite.App.GetEndpoint("referral", "http") };
        var scraped = await referral.GetStringAsync("/metrics");
        Assert.Contains("peer_referrals_received_total", scraped);
        Assert.Contains("peer_outbox_backlog", scraped);

        Assert.Equal(HttpStatusCode.Unauthorized, (await suite.Rest.GetAsync("/metrics")).StatusCode);
        using var integrator = await suite.RestAsAsync("integrator");
        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.GetAsync("/metrics")).StatusCode);
        using var @operator = await suite.RestAsAsync("operator");
        var gateway = await @operator.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, gateway.StatusCode);
        var gatewayScrape = await gateway.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds", gatewayScrape);

        // The journey presented one token many times: the gateway and the service each checked its
        // signature once and remembered it after that.
        Assert.True(RememberedTokens(gatewayScrape) > 0, "the gateway remembered no validated token");
        Assert.True(RememberedTokens(await referral.GetStringAsync("/metrics")) > 0, "Referral remembered no validated token");
    }

    [Fact]
    public async Task Every_process_that_was_busy_gives_memory_back_once_it_goes_quiet()
    {
        // A busy spell for Referral: reads straight at the service (the gateway would rate-limit
        // them) until it has allocated 40 MiB, well over the 12 MiB that counts as busy.
        const double Busy = 40 * 1024 * 1024;
        var referralId = (await JourneyAsync()).ReferralId;
        using var direct = new HttpClient { BaseAddress = suite.App.GetEndpoint("referral", "http") };
        direct.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await suite.TokenAsync("integrator"));
        var burstUntil = DateTime.UtcNow.AddMinutes(1);
        while (Total("referral", "dotnet.gc.heap.total_allocated") < Busy && DateTime.UtcNow < burstUntil)
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ => (await direct.GetAsync($"/api/referrals/{referralId}")).EnsureSuccessStatusCode()));
        }

        // Nothing else runs in this collection now: every process that was busy goes quiet for
        // 10 s within the wait and returns its memory once.
        string[] processes = ["gateway", "identity", "referral", "workforce", "supervision", "outcomes"];
        var deadline = DateTime.UtcNow.AddMinutes(2);
        string[] busy, waiting;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            busy = [.. processes.Where(p => Total(p, "dotnet.gc.heap.total_allocated") > Busy)];
            waiting = [.. busy.Where(p => Total(p, "peer.runtime.idle_memory_returns") < 1)];
        }
        while (waiting.Length > 0 && DateTime.UtcNow < deadline);

        Assert.Contains("referral", busy);
        Assert.True(waiting.Length == 0, "no memory returned by " + string.Join(", ", waiting));
    }

    private static double RememberedTokens(string prometheusText) => prometheusText.Split('\n')
        .Where(line => line.StartsWith("peer_auth_token_validations_total{", StringComparison.Ordinal) && line.Contains("outcome=\"remembered\"", StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.IndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The journey's metrics as the receiver last saw them (cumulative totals; gauges' latest readings).</summary>
    private Dictionary<string, double> ReadJourneyMetrics() => new()
    {
        ["received"] = Total("referral", "peer.referrals.received"),
        ["consent given"] = Total("referral", "peer.referrals.consent", ("outcome", "given")),
        ["consent declined"] = Total("referral", "peer.referrals.consent", ("outcome", "declined")),
        ["first contacts timed"] = Total("referral", "peer.referrals.time_to_first_contact", count: true),
        ["active engagements"] = Latest("referral", "peer.referrals.current", ("status", "active")) ?? 0,
    };

    /// <summary>A cumulative metric summed over its series (newest point of each), optionally only series with one tag value.</summary>
    private double Total(string service, string metric, (string Key, string Value)? only = null, bool count = false) => suite.Telemetry.MetricPoints()
        .Where(p => p.Service == service && p.Metric == metric && (only is not { } tag || p.Attributes.GetValueOrDefault(tag.Key) == tag.Value))
        .GroupBy(p => string.Join(",", p.Attributes.OrderBy(a => a.Key).Select(a => a.Key + "=" + a.Value)))
        .Sum(series => series.MaxBy(p => p.TimeUnixNano) is { } newest ? (count ? newest.Count : newest.Value) : 0);

    /// <summary>The newest reading of a gauge (one series), or null before the first.</summary>
    private double? Latest(string service, string metric, (string Key, string Value)? only = null) => suite.Telemetry.MetricPoints()
        .Where(p => p.Service == service && p.Metric == metric && (only is not { } tag || p.Attributes.GetValueOrDefault(tag.Key) == tag.Value))
        .MaxBy(p => p.TimeUnixNano)?.Value;
}
