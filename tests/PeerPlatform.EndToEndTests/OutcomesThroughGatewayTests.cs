using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// A small programme driven through the gateway — referrals to active engagements, hospital spells
/// before and after, questionnaires, supervision — and the programme report checked figure by
/// figure against values worked out here, independently. It lives in a period of its own (about
/// eight months ago), so other tests' data (all recent) does not enter its figures.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class OutcomesThroughGatewayTests(SuiteFixture suite)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static DateOnly DaysAgo(int days) => Today.AddDays(-days);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd");

    /// <summary>Noon UTC on a day: the same date in the trust's calendar, summer or winter.</summary>
    private static string Noon(DateOnly day) => day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc).ToString("O");

    private static int Nights(DateOnly admitted, DateOnly discharged) => discharged.DayNumber - admitted.DayNumber;

    private static object Answers(int items, Func<int, int> value) => Enumerable.Range(1, items).Select(i => new { item = i, value = value(i) }).ToArray();

    [Fact]
    public async Task A_small_programme_produces_a_report_whose_every_figure_matches_an_independent_calculation()
    {
        using var trust = await suite.RestAsAsync("integrator");
        using var admin = await suite.RestAsAsync("admin");
        using var partner = await suite.RestAsAsync("partner-a");
        using var @operator = await suite.RestAsAsync("operator");
        var locality = "outcomes-" + Guid.NewGuid().ToString("N")[..8];

        // One worker, employed since day −280, in a team of their own.
        var workerId = await HireWorkerAsync(trust, locality, Iso(DaysAgo(280)));
        var teamId = (await GetOkAsync(trust, $"/api/workforce/workers/{workerId}"))["teamId"]!.GetValue<string>();

        // Three referrals received on days −260, −259 and −258; the third client declines.
        var sources = new[] { "REFERRAL_SOURCE_SELF", "REFERRAL_SOURCE_GP", "REFERRAL_SOURCE_SELF" };
        var received = new[] { DaysAgo(260), DaysAgo(259), DaysAgo(258) };
        var firstContact = new[] { DaysAgo(250), DaysAgo(248) };
        var referralIds = new List<string>();
        var clientIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await OkAsync(trust, "/api/referrals", new
            {
                client = new { givenName = "Client", familyName = "Outcomes" + i, dateOfBirth = "1985-06-01", nhsNumber = NhsNumbers.Random(), locality },
                source = sources[i],
                referrer = new { name = "Dr Patel", organisation = "Riverside Surgery", role = "GP" },
                reason = "Wants support after discharge",
                receivedAt = Noon(received[i]),
            });
            referralIds.Add(created["referralId"]!.GetValue<string>());
            clientIds.Add(created["clientId"]!.GetValue<string>());
            await OkAsync(trust, $"/api/referrals/{referralIds[i]}/information", new { givenBy = "Peer lead", givenOn = Iso(received[i]), method = "INFORMATION_METHOD_IN_PERSON" });
            await OkAsync(trust, $"/api/referrals/{referralIds[i]}/consent", new { consentGiven = i < 2, declineReason = i < 2 ? "" : "Not for me right now" });
        }

        for (var i = 0; i < 2; i++)
        {
            await OkAsync(trust, $"/api/referrals/{referralIds[i]}/accept", new { });
            var matched = await OkAsync(trust, $"/api/referrals/{referralIds[i]}/match", new { });
            Assert.Equal(workerId, matched["assignedWorkerId"]!.GetValue<string>());
            await OkAsync(trust, $"/api/referrals/{referralIds[i]}/contacts", new { contactAt = Noon(firstContact[i]), durationMinutes = 60, mode = "CONTACT_MODE_FACE_TO_FACE" });
        }

        // Hospital spells: client 0 — 10 nights before, 4 after; client 1 — 20 nights before.
        var (s0, s1) = (firstContact[0], firstContact[1]);
        var spells = new (int Client, DateOnly Admitted, DateOnly Discharged)[]
        {
            (0, s0.AddDays(-60), s0.AddDays(-50)),
            (0, s0.AddDays(30), s0.AddDays(34)),
            (1, s1.AddDays(-100), s1.AddDays(-80)),
        };
        await EventuallyAsync(async () => (await PostAsync(trust, "/api/outcomes/hospital-spells", new
        {
            providerSpellId = "PAS-" + Guid.NewGuid().ToString("N")[..12], clientId = clientIds[2], admittedOn = Iso(DaysAgo(5)), dischargedOn = Iso(DaysAgo(3)),
        })).Status == HttpStatusCode.OK, "Outcomes knows the clients");
        foreach (var (client, admitted, discharged) in spells)
        {
            await OkAsync(trust, "/api/outcomes/hospital-spells", new
            {
                providerSpellId = "PAS-" + Guid.NewGuid().ToString("N")[..12], clientId = clientIds[client], admittedOn = Iso(admitted), dischargedOn = Iso(discharged),
            });
        }

        // Relationship quality, completed in the period: peer worker vs other worker.
        var relationship = new[] { (Peer: 4, Other: 2), (Peer: 3, Other: 2) }; // every item → sums 48/24 and 36/24
        for (var i = 0; i < 2; i++)
        {
            foreach (var (about, value) in new[] { ("peer_worker", relationship[i].Peer), ("other_worker", relationship[i].Other) })
            {
                await OkAsync(trust, "/api/outcomes/questionnaire-responses", new
                {
                    instrumentId = "RELATIONSHIP-QUALITY", subjectId = clientIds[i], about, occasion = "OCCASION_FOLLOW_UP", completedOn = Iso(DaysAgo(245)), answers = Answers(12, _ => value),
                });
            }
        }

        // The worker's wellbeing and self-esteem: baseline on day −275, follow-up on day −242.
        await EventuallyAsync(async () => (await PostAsync(trust, "/api/outcomes/questionnaire-responses", new
        {
            instrumentId = "SWEMWBS", subjectId = workerId, occasion = "OCCASION_BASELINE", completedOn = Iso(DaysAgo(275)), answers = Answers(7, _ => 3),
        })).Status == HttpStatusCode.OK, "Outcomes knows the worker");
        await OkAsync(trust, "/api/outcomes/questionnaire-responses", new
        {
            instrumentId = "SWEMWBS", subjectId = workerId, occasion = "OCCASION_FOLLOW_UP", completedOn = Iso(DaysAgo(242)), answers = Answers(7, _ => 4),
        });
        int[] reversed = [2, 5, 6, 8, 9];
        await OkAsync(trust, "/api/outcomes/questionnaire-responses", new
        {
            instrumentId = "RSES", subjectId = workerId, occasion = "OCCASION_BASELINE", completedOn = Iso(DaysAgo(275)), answers = Answers(10, _ => 1),
        });
        await OkAsync(trust, "/api/outcomes/questionnaire-responses", new
        {
            instrumentId = "RSES", subjectId = workerId, occasion = "OCCASION_FOLLOW_UP", completedOn = Iso(DaysAgo(242)), answers = Answers(10, i => reversed.Contains(i) ? 0 : 3),
        });

        // Supervision: organisation A supervises the worker from day −270, a session held on day −245.
        var (registered, _) = await PostAsync(admin, "/api/supervision/organisations", new { organisationId = "org-mind-north", name = "Mind North", kind = "ORGANISATION_KIND_SERVICE_USER_LED" });
        Assert.True(registered is HttpStatusCode.OK or HttpStatusCode.Conflict);
        await EventuallyAsync(async () => (await PostAsync(trust, "/api/supervision/agreements", new
        {
            organisationId = "org-mind-north", workerId, frequencyDays = 28, startsOn = Iso(DaysAgo(270)),
        })).Status == HttpStatusCode.OK, "Supervision knows the worker");
        var supervisorId = (await OkAsync(partner, "/api/supervision/supervisors", new { givenName = "Alex", familyName = "Hart" }))["supervisorId"]!.GetValue<string>();
        await OkAsync(partner, $"/api/supervision/supervisors/{supervisorId}/training", new { course = "Peer supervision", completedOn = Iso(DaysAgo(300)) });
        var sessionId = (await OkAsync(partner, "/api/supervision/sessions", new
        {
            supervisorId, kind = "SESSION_KIND_INDIVIDUAL", scheduledFor = Noon(DaysAgo(245)), durationMinutes = 60, workerIds = new[] { workerId },
        }))["sessionId"]!.GetValue<string>();
        await OkAsync(partner, $"/api/supervision/sessions/{sessionId}/held", new { themes = new[] { "SUPERVISION_THEME_ROLE_CLARITY" } });

        // ---- The figures, worked out here ----
        var (from, to) = (DaysAgo(265), DaysAgo(240));
        var daysToContact = new[] { firstContact[0].DayNumber - received[0].DayNumber, firstContact[1].DayNumber - received[1].DayNumber }; // 10, 11
        var before = Nights(spells[0].Admitted, spells[0].Discharged) + Nights(spells[2].Admitted, spells[2].Discharged);                 // 30
        var after = Nights(spells[1].Admitted, spells[1].Discharged);                                                                        // 4
        var differences = new[] { (48 - 24), (36 - 24) };                                                                                   // 24, 12
        var meanDifference = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => Math.Pow(d - meanDifference, 2)) / (differences.Length - 1));
        var halfWidth = 12.706 * sd / Math.Sqrt(differences.Length); // t(1) at 97.5%

        var report = await EventualReportAsync(@operator, $"/api/outcomes/reports/programme?from={Iso(from)}&to={Iso(to)}",
            r => r["supervisionCompliance"]?["denominator"]?["value"]?.GetValue<int>() == 1
                 && r["supervisionCompliance"]?["numerator"]?["value"]?.GetValue<int>() == 1 // the held session's event comes after the agreement's
                 && r["workerSelfEsteemChange"]?["computable"]?.GetValue<bool>() == true
                 && r["referrals"]?["value"]?.GetValue<int>() == 3 && r["activeEngagements"]?["value"]?.GetValue<int>() == 2
                 && r["bedDays"]?["engagements"]?["value"]?.GetValue<int>() == 2 && r["relationshipPeerMinusOther"]?["pairs"]?["value"]?.GetValue<int>() == 2);

        Assert.Equal(3, Count(report["referrals"]));
        var bySource = report["referralsBySource"]!.AsArray().ToDictionary(s => s!["source"]!.GetValue<string>(), s => Count(s!["referrals"]));
        Assert.Equal(new Dictionary<string, int> { ["gp"] = 1, ["self"] = 2 }, bySource);
        AssertRate(report["consentRate"], 2, 3);
        AssertRate(report["acceptanceRate"], 2, 2);
        Assert.Equal((daysToContact[0] + daysToContact[1]) / 2.0, report["medianDaysToFirstContact"]!.GetValue<double>());
        AssertRate(report["firstContactWithinTarget"], daysToContact.Count(d => d <= 14), 2);
        Assert.Equal(2, Count(report["activeEngagements"]));
        AssertRate(report["caseloadUse"], 2, 9); // 37.5 contracted hours × 0.25 = 9 places
        AssertRate(report["supervisionCompliance"], 1, 1);

        var beds = report["bedDays"]!;
        Assert.Equal(2, Count(beds["engagements"]));
        Assert.Equal(before, Count(beds["bedDaysBefore"]));
        Assert.Equal(after, Count(beds["bedDaysAfter"]));
        Assert.Equal(Math.Round(1 - ((double)after / before), 4), beds["reduction"]!["value"]!.GetValue<double>());
        Assert.Equal(before - after, beds["bedDaysSaved"]!.GetValue<int>());
        Assert.Equal((before - after) * beds["unitCost"]!.GetValue<double>(), beds["savings"]!.GetValue<double>(), 2);
        Assert.Equal(2, Count(beds["clientsAdmittedBefore"]));
        Assert.Equal(1, Count(beds["clientsAdmittedAfter"]));
        Assert.Equal(before / 2.0, beds["meanBedDaysBefore"]!.GetValue<double>());
        Assert.Equal(after / 2.0, beds["meanBedDaysAfter"]!.GetValue<double>());
        Assert.Contains("without a control group", beds["caveat"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(beds["unitCostSource"]!.GetValue<string>()));

        var rq = report["relationshipPeerMinusOther"]!;
        Assert.Equal(2, Count(rq["pairs"]));
        Assert.Equal(meanDifference, rq["mean"]!.GetValue<double>(), 3);
        Assert.Equal(meanDifference - halfWidth, rq["ciLower"]!.GetValue<double>(), 2);
        Assert.Equal(meanDifference + halfWidth, rq["ciUpper"]!.GetValue<double>(), 2);
        Assert.Equal(25.03 - 19.25, report["workerWellbeingChange"]!["mean"]!.GetValue<double>(), 3); // SWEMWBS raw 21 → 19.25, 28 → 25.03
        Assert.Equal(30 - 15, report["workerSelfEsteemChange"]!["mean"]!.GetValue<double>(), 3);       // RSES all 1s = 15, best = 30

        // One team: only referrals matched to its workers count.
        var team = await GetOkAsync(@operator, $"/api/outcomes/reports/programme?from={Iso(from)}&to={Iso(to)}&teamId={teamId}");
        Assert.Equal(2, Count(team["referrals"]));
        AssertRate(team["consentRate"], 2, 2);
        Assert.Equal(before, Count(team["bedDays"]!["bedDaysBefore"]));

        // For publication, every count under 5 is withheld, and what is built on it.
        var published = await GetOkAsync(@operator, $"/api/outcomes/reports/programme?from={Iso(from)}&to={Iso(to)}&forPublication=true");
        Assert.True(published["referrals"]!["suppressed"]!.GetValue<bool>());
        Assert.False(published["consentRate"]!["computable"]?.GetValue<bool>() ?? false);
        Assert.Equal(before, Count(published["bedDays"]!["bedDaysBefore"])); // 30 is not a small number

        // CSV: the same figures.
        var csv = await (await @operator.GetAsync($"/api/outcomes/reports/programme.csv?from={Iso(from)}&to={Iso(to)}")).Content.ReadAsStringAsync();
        Assert.StartsWith("section,figure,value,suppressed", csv);
        Assert.Contains($"bed_days,before,{before},false", csv);
        Assert.Contains("referrals,received,3,false", csv);

        // A partner sees only its own supervision figures, with small numbers withheld.
        var supervision = await GetOkAsync(partner, $"/api/outcomes/reports/supervision?fromMonth={to:yyyy-MM}&toMonth={to:yyyy-MM}&organisationId=org-carers-east");
        Assert.True(supervision["suppressed"]!.GetValue<bool>());
        var month = Assert.Single(supervision["months"]!.AsArray())!;
        Assert.Equal("org-mind-north", month["organisationId"]!.GetValue<string>());
        Assert.True(month["agreements"]!["suppressed"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/outcomes/reports/programme")).StatusCode);
    }

    private static int Count(JsonNode? count)
    {
        Assert.False(count?["suppressed"]?.GetValue<bool>() ?? false, "a count was suppressed");
        return count?["value"]?.GetValue<int>() ?? 0;
    }

    private static void AssertRate(JsonNode? rate, int numerator, int denominator)
    {
        Assert.Equal(numerator, Count(rate!["numerator"]));
        Assert.Equal(denominator, Count(rate["denominator"]));
        Assert.True(rate["computable"]!.GetValue<bool>());
        Assert.Equal(Math.Round((double)numerator / denominator, 4), rate["value"]!.GetValue<double>());
    }

    /// <summary>The report once the events behind it have all arrived (they travel through RabbitMQ).</summary>
    private static async Task<JsonObject> EventualReportAsync(HttpClient client, string path, Func<JsonObject, bool> complete)
    {
        JsonObject report = [];
        await EventuallyAsync(async () => complete(report = await GetOkAsync(client, path)), "the report reflects every event");
        return report;
    }
}
