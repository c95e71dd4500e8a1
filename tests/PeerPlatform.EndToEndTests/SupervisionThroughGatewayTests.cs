using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using PeerPlatform.Contracts.Supervision.V1;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// Peer supervision by partner organisations, through the gateway: the trust arranges it, a
/// partner records it, the trust and operators see figures, and each organisation sees only its own.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SupervisionThroughGatewayTests(SuiteFixture suite)
{
    /// <summary>A string field's value; transcoding may write an empty field or leave it out.</summary>
    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private static string DaysAgo(int days) => DateTime.UtcNow.AddDays(-days).ToString("yyyy-MM-dd");

    /// <summary>Registers both development partner organisations (already registered is fine).</summary>
    private async Task RegisterOrganisationsAsync()
    {
        using var admin = await suite.RestAsAsync("admin");
        await RegisterPartnerOrganisationsAsync(admin);
    }

    private static async Task<string> TrainedSupervisorAsync(HttpClient partner)
    {
        var supervisor = await OkAsync(partner, "/api/supervision/supervisors", new { givenName = "Morgan", familyName = "Ellis" });
        var id = supervisor["supervisorId"]!.GetValue<string>();
        await OkAsync(partner, $"/api/supervision/supervisors/{id}/training", new { course = "Peer supervision foundations", completedOn = DaysAgo(10) });
        return id;
    }

    private static async Task<string> ScheduleAsync(HttpClient partner, string supervisorId, string workerId, DateTime at) =>
        (await OkAsync(partner, "/api/supervision/sessions", new
        {
            supervisorId,
            kind = "SESSION_KIND_INDIVIDUAL",
            scheduledFor = at.ToString("O"),
            durationMinutes = 60,
            workerIds = new[] { workerId },
        }))["sessionId"]!.GetValue<string>();

    /// <summary>The newest reading of the overdue-supervision gauge for one organisation, as exported over OTLP.</summary>
    private double? OverdueGauge(string organisation) => suite.Telemetry.MetricPoints()
        .Where(p => p.Service == "supervision" && p.Metric == "peer.supervision.overdue" && p.Attributes.GetValueOrDefault("organisation") == organisation)
        .MaxBy(p => p.TimeUnixNano)?.Value;

    private static async Task<bool> IsOverdueAsync(HttpClient client, string workerId) =>
        (await GetOkAsync(client, "/api/supervision/compliance/overdue"))["workers"]?.AsArray().Any(w => w!["workerId"]!.GetValue<string>() == workerId) == true;

    [Fact]
    public async Task A_hired_worker_is_supervised_from_overdue_to_compliant_and_a_concern_reaches_the_trust_without_its_notes()
    {
        await RegisterOrganisationsAsync();
        using var trust = await suite.RestAsAsync("integrator");
        using var partner = await suite.RestAsAsync("partner-a");
        using var otherPartner = await suite.RestAsAsync("partner-b");
        using var @operator = await suite.RestAsAsync("operator");

        // Hired 60 days ago and never supervised under a four-weekly agreement: overdue.
        var (workerId, agreementId) = await SupervisedWorkerAsync(trust, OrganisationA, daysAgo: 60);
        Assert.True(await IsOverdueAsync(@operator, workerId));
        Assert.True(await IsOverdueAsync(partner, workerId));
        Assert.False(await IsOverdueAsync(otherPartner, workerId));
        await EventuallyAsync(() => Task.FromResult(suite.Telemetry.Contains("traces", "peer.supervision.v1.supervision-overdue")), "SupervisionOverdue is published");
        // Operators' gauge agrees with the compliance figures for the organisation.
        var overdueInA = (await GetOkAsync(@operator, $"/api/supervision/compliance/overdue?organisationId={OrganisationA}"))["workers"]!.AsArray().Count;
        await EventuallyAsync(() => Task.FromResult(OverdueGauge(OrganisationA) == overdueInA), $"peer.supervision.overdue reads {overdueInA} for {OrganisationA}");

        // The partner records a session held two days ago, with confidential notes and an action.
        const string notes = "Talked through a difficult boundary with a client; feeling drained.";
        var supervisorId = await TrainedSupervisorAsync(partner);
        var sessionId = await ScheduleAsync(partner, supervisorId, workerId, DateTime.UtcNow.AddDays(-2));
        var held = await OkAsync(partner, $"/api/supervision/sessions/{sessionId}/held", new
        {
            themes = new[] { "SUPERVISION_THEME_BOUNDARIES", "SUPERVISION_THEME_WELLBEING" },
            confidentialNotes = notes,
            actions = new[] { new { description = "Agree boundaries with the team", dueOn = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd") } },
        });
        Assert.Equal("SESSION_STATUS_HELD", held["status"]!.GetValue<string>());
        Assert.Equal(notes, held["confidentialNotes"]!.GetValue<string>());

        // Compliant now, for the operator as for the trust.
        var compliance = await GetOkAsync(@operator, $"/api/supervision/compliance/workers/{workerId}");
        Assert.False(compliance["overdue"]?.GetValue<bool>() ?? false);
        Assert.Equal(2, compliance["daysSinceLastHeld"]!.GetValue<int>());
        Assert.False(await IsOverdueAsync(@operator, workerId));
        Assert.Equal(agreementId, compliance["agreementId"]!.GetValue<string>());
        await EventuallyAsync(() => Task.FromResult(OverdueGauge(OrganisationA) == overdueInA - 1), $"peer.supervision.overdue drops to {overdueInA - 1} for {OrganisationA}");

        // The trust sees the session happened and its themes, not the notes or actions.
        var trustView = await GetOkAsync(trust, $"/api/supervision/sessions/{sessionId}");
        Assert.Equal("", Text(trustView["confidentialNotes"]));
        Assert.Empty(trustView["actions"]?.AsArray() ?? []);
        Assert.True(trustView["confidentialContentWithheld"]!.GetValue<bool>());
        Assert.Equal(2, trustView["themes"]!.AsArray().Count);
        Assert.Equal(notes, (await GetOkAsync(partner, $"/api/supervision/sessions/{sessionId}"))["confidentialNotes"]!.GetValue<string>());

        // A concern: the trust sees that it exists, its category and urgency; not the notes.
        const string concernNotes = "Worker disclosed pressure from a manager to share client details.";
        var concern = await OkAsync(partner, "/api/supervision/concerns", new
        {
            workerId,
            sessionId,
            category = "CONCERN_CATEGORY_SAFEGUARDING",
            urgency = "CONCERN_URGENCY_URGENT",
            notes = concernNotes,
        });
        var concernId = concern["concernId"]!.GetValue<string>();
        var seenByTrust = (await GetOkAsync(trust, "/api/supervision/concerns?status=CONCERN_STATUS_RAISED&pageSize=200"))["concerns"]!.AsArray()
            .Single(c => c!["concernId"]!.GetValue<string>() == concernId)!;
        Assert.Equal("CONCERN_CATEGORY_SAFEGUARDING", seenByTrust["category"]!.GetValue<string>());
        Assert.Equal("CONCERN_URGENCY_URGENT", seenByTrust["urgency"]!.GetValue<string>());
        Assert.Equal("", Text(seenByTrust["notes"]));
        Assert.True(seenByTrust["notesWithheld"]!.GetValue<bool>());
        var acknowledged = await OkAsync(trust, $"/api/supervision/concerns/{concernId}/acknowledge", new { });
        Assert.Equal("CONCERN_STATUS_ACKNOWLEDGED", acknowledged["status"]!.GetValue<string>());
        Assert.Equal(concernNotes, (await GetOkAsync(partner, $"/api/supervision/concerns/{concernId}"))["notes"]!.GetValue<string>());

        // Events were published; neither the notes nor the concern's notes went anywhere near telemetry.
        await EventuallyAsync(() => Task.FromResult(suite.Telemetry.Contains("traces", "peer.supervision.v1.supervision-session-held")
                                                   && suite.Telemetry.Contains("traces", "peer.supervision.v1.supervision-concern-raised")), "session and concern events are published");
        foreach (var secret in new[] { notes, concernNotes, "Morgan", "Ellis" })
        {
            Assert.False(suite.Telemetry.Contains("traces", secret) || suite.Telemetry.Contains("logs", secret) || suite.Telemetry.Contains("metrics", secret), $"'{secret}' reached telemetry");
        }

        // This month's rate for organisation A counts the worker as compliant.
        var rates = (await GetOkAsync(partner, "/api/supervision/compliance/rates"))["rates"]!.AsArray();
        Assert.All(rates, r => Assert.Equal(OrganisationA, r!["organisationId"]!.GetValue<string>()));
        var thisMonth = rates.Last()!;
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM"), thisMonth["month"]!.GetValue<string>());
        Assert.True(thisMonth["compliant"]!.GetValue<int>() >= 1);

        // The worker leaves Workforce: the agreement ends on the leaving date.
        await OkAsync(trust, $"/api/workforce/workers/{workerId}/leaving", new { leftOn = Today, reason = "New job" });
        await EventuallyAsync(async () =>
            (await GetOkAsync(trust, $"/api/supervision/agreements/{agreementId}"))["endReason"]?.GetValue<string>() == "AGREEMENT_END_REASON_WORKER_LEFT",
            "the agreement ends when the worker leaves");
        Assert.Equal(Today, (await GetOkAsync(partner, $"/api/supervision/agreements/{agreementId}"))["endsOn"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_partner_organisation_cannot_list_read_change_or_infer_another_organisations_records()
    {
        await RegisterOrganisationsAsync();
        using var trust = await suite.RestAsAsync("integrator");
        using var a = await suite.RestAsAsync("partner-a");
        using var b = await suite.RestAsAsync("partner-b");
        using var @operator = await suite.RestAsAsync("operator");

        // Organisation A's records: a supervisor, an agreement, a held session with an action, a concern.
        var (workerId, agreementId) = await SupervisedWorkerAsync(trust, OrganisationA, daysAgo: 10);
        var supervisorId = await TrainedSupervisorAsync(a);
        var sessionId = await ScheduleAsync(a, supervisorId, workerId, DateTime.UtcNow.AddHours(-3));
        const string notes = "Organisation A's confidential notes";
        var held = await OkAsync(a, $"/api/supervision/sessions/{sessionId}/held", new
        {
            confidentialNotes = notes,
            actions = new[] { new { description = "Follow up", dueOn = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd") } },
        });
        var actionId = held["actions"]![0]!["actionId"]!.GetValue<string>();
        var concernId = (await OkAsync(a, "/api/supervision/concerns", new
        {
            workerId,
            category = "CONCERN_CATEGORY_WORKER_WELLBEING",
            urgency = "CONCERN_URGENCY_ROUTINE",
            notes = "A's concern notes",
        }))["concernId"]!.GetValue<string>();
        var pending = await ScheduleAsync(a, supervisorId, workerId, DateTime.UtcNow.AddDays(3));

        // Every route that names one of A's records answers B exactly as it answers an id that
        // does not exist at all: 404, with nothing in the message to tell the two apart.
        var probes = new (string Verb, string Path, object? Body)[]
        {
            ("GET", "/api/supervision/supervisors/{supervisor}", null),
            ("POST", "/api/supervision/supervisors/{supervisor}/training", new { course = "x", completedOn = Today }),
            ("POST", "/api/supervision/supervisors/{supervisor}/deactivate", new { }),
            ("GET", "/api/supervision/agreements/{agreement}", null),
            ("GET", "/api/supervision/sessions/{session}", null),
            ("POST", "/api/supervision/sessions/{pending}/held", new { confidentialNotes = "B was here" }),
            ("POST", "/api/supervision/sessions/{pending}/cancel", new { reason = "B" }),
            ("POST", "/api/supervision/sessions/{session}/missed", new { }),
            ("POST", "/api/supervision/sessions/{session}/actions/{action}/complete", new { completedOn = Today }),
            ("GET", "/api/supervision/concerns/{concern}", null),
            ("GET", "/api/supervision/compliance/workers/{worker}", null),
            ("POST", "/api/supervision/concerns", new { workerId = "{worker}", category = "CONCERN_CATEGORY_OTHER", urgency = "CONCERN_URGENCY_ROUTINE", notes = "B probing" }),
        };
        var real = new Dictionary<string, string>
        {
            ["{supervisor}"] = supervisorId,
            ["{agreement}"] = agreementId,
            ["{session}"] = sessionId,
            ["{pending}"] = pending,
            ["{action}"] = actionId,
            ["{concern}"] = concernId,
            ["{worker}"] = workerId,
        };
        var invented = real.ToDictionary(kv => kv.Key, _ => Guid.NewGuid().ToString());
        foreach (var (verb, path, body) in probes)
        {
            var (realStatus, realMessage) = await SendAsync(b, verb, path, body, real);
            var (inventedStatus, inventedMessage) = await SendAsync(b, verb, path, body, invented);
            Assert.True(realStatus == HttpStatusCode.NotFound, $"{verb} {path} with A's ids as B: {(int)realStatus} {realMessage}");
            Assert.Equal(inventedStatus, realStatus);
            Assert.Equal(Anonymised(inventedMessage, invented), Anonymised(realMessage, real));
        }

        // Scheduling B's session for A's worker is refused the same way.
        var bSupervisor = await TrainedSupervisorAsync(b);
        var (scheduleStatus, _) = await PostAsync(b, "/api/supervision/sessions", new
        {
            supervisorId = bSupervisor,
            kind = "SESSION_KIND_INDIVIDUAL",
            scheduledFor = DateTime.UtcNow.AddDays(1).ToString("O"),
            durationMinutes = 60,
            workerIds = new[] { workerId },
        });
        Assert.Equal(HttpStatusCode.NotFound, scheduleStatus);
        var (borrowStatus, _) = await PostAsync(b, "/api/supervision/sessions", new
        {
            supervisorId,
            kind = "SESSION_KIND_INDIVIDUAL",
            scheduledFor = DateTime.UtcNow.AddDays(1).ToString("O"),
            durationMinutes = 60,
            workerIds = new[] { workerId },
        });
        Assert.Equal(HttpStatusCode.NotFound, borrowStatus);

        // B's lists hold none of A's records, even when B asks for A's organisation by name.
        foreach (var list in new[]
                 {
                     "/api/supervision/supervisors?pageSize=200", $"/api/supervision/agreements?organisationId={OrganisationA}&pageSize=200",
                     $"/api/supervision/sessions?workerId={workerId}", "/api/supervision/concerns?pageSize=200",
                     $"/api/supervision/compliance/overdue?organisationId={OrganisationA}", $"/api/supervision/compliance/rates?organisationId={OrganisationA}",
                 })
        {
            var text = await (await b.GetAsync(list)).Content.ReadAsStringAsync();
            Assert.DoesNotContain(OrganisationA, text);
            Assert.DoesNotContain(workerId, text);
            Assert.DoesNotContain(notes, text);
        }

        // Nothing B tried changed A's records.
        var after = await GetOkAsync(a, $"/api/supervision/sessions/{pending}");
        Assert.Equal("SESSION_STATUS_SCHEDULED", after["status"]!.GetValue<string>());
        Assert.Equal("", Text((await GetOkAsync(a, $"/api/supervision/sessions/{sessionId}"))["actions"]![0]!["completedOn"]));
        Assert.True((await GetOkAsync(a, $"/api/supervision/supervisors/{supervisorId}"))["active"]!.GetValue<bool>());

        // Native gRPC holds the same line.
        var grpc = new SupervisionService.SupervisionServiceClient(suite.Grpc);
        var asB = await suite.GrpcAsAsync("partner-b");
        var refused = await Assert.ThrowsAsync<RpcException>(() => grpc.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, asB).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        var own = await grpc.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, await suite.GrpcAsAsync("partner-a"));
        Assert.Equal(notes, own.ConfidentialNotes);

        // The operator sees figures, no notes and no sessions; the trust sees sessions without notes.
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.GetAsync($"/api/supervision/sessions/{sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.GetAsync($"/api/supervision/concerns/{concernId}")).StatusCode);
        var figures = (await GetOkAsync(@operator, $"/api/supervision/compliance/workers/{workerId}")).ToJsonString();
        Assert.Contains(agreementId, figures);
        Assert.DoesNotContain(notes, figures);
        var trustList = await (await trust.GetAsync($"/api/supervision/sessions?workerId={workerId}")).Content.ReadAsStringAsync();
        Assert.Contains(sessionId, trustList);
        Assert.DoesNotContain(notes, trustList);
        Assert.DoesNotContain("Follow up", trustList);
    }

    private static async Task<(HttpStatusCode Status, string Message)> SendAsync(HttpClient client, string verb, string template, object? body, IReadOnlyDictionary<string, string> ids)
    {
        string Fill(string text) => ids.Aggregate(text, (current, id) => current.Replace(id.Key, id.Value));
        using var request = new HttpRequestMessage(new HttpMethod(verb), Fill(template));
        if (body is not null)
        {
            request.Content = new StringContent(Fill(System.Text.Json.JsonSerializer.Serialize(body)), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var message = text.Length > 0 ? JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? text : "";
        return (response.StatusCode, message);
    }

    private static string Anonymised(string message, IReadOnlyDictionary<string, string> ids) =>
        ids.Aggregate(message, (current, id) => current.Replace(id.Value, id.Key));

    [Fact]
    public async Task A_monthly_range_over_36_months_is_refused_even_when_only_from_month_is_given()
    {
        using var partner = await suite.RestAsAsync("partner-a");
        using var @operator = await suite.RestAsAsync("operator");

        foreach (var (client, path) in new[] { (partner, "/api/supervision/compliance/rates?fromMonth=0001-01"), (@operator, "/api/outcomes/reports/supervision?fromMonth=0001-01") })
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
            Assert.Contains("from_month", body);
            Assert.Contains("36 months", body);
        }
    }
}
