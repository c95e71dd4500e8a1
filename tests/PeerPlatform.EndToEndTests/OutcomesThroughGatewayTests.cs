using System.Net;
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
            providerSpellId = "PAS-" + Guid.NewGuid().ToString("N")[..12],
            clientId = clientIds[2],
            admittedOn = Iso(DaysAgo(5)),
            dischargedOn = Iso(DaysAgo(3)),
        })).Status == HttpStatusCode.OK, "Outcomes knows the clients");
        foreach (var (client, admitted, discharged) in spells)
        {
            await OkAsync(trust, "/api/outcomes/hospital-spells", new
            {
                providerSpellId = "PAS-" + Guid.NewGuid().ToString("N")[..12],
                clientId = clientIds[client],
                admittedOn = Iso(admitted),
                dischargedOn = Iso(discharged),
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
                    instrumentId = "RELATIONSHIP-QUALITY",
                    subjectId = clientIds[i],
                    about,
                    occasion = "OCCASION_FOLLOW_UP",
                    completedOn = Iso(DaysAgo(245)),
                    answers = Answers(12, _ => value),
                });
            }
        }

        // The worker's wellbeing and self-esteem: baseline on day −275, follow-up on day −242.
        await EventuallyAsync(async () => (await PostAsync(trust, "/api/outcomes/questionnaire-responses", new
        {
            instrumentId = "SWEMWBS",
            subjectId = workerId,
            occasion = "OCCASION_BASELINE",
            completedOn = Iso(DaysAgo(275)),
            answers = Answers(7, _ => 3),
        })).Status == HttpStatusCode.OK, "Outcomes knows the worker");
        await OkAsync(trust, "/api/outcomes/questionnaire-responses", new
        {
            instrumentId = "SWEMWBS",
            subjectId = workerId,
            occasion = "OCCASION_FOLLOW_UP",
            completedOn = Iso(DaysAgo(242)),
            answers = Answers(7, _ => 4),
        });
        int[] reversed = [2, 5, 6, 8, 9];
        await OkAsync(trust, "/api/outcomes/questionnaire-responses", new
        {
            instrumentId = "RSES",
            subjectId = workerId,
            occasion = "OCCASION_BASELINE",
            completedOn = Iso(DaysAgo(275)),
            answers = Answers(10, _ => 1),
        });
        await OkAsync(trust, "/api/outcomes/questionnaire-responses", new
        {
            instrumentId = "RSES",
            subjectId = workerId,
            occasion = "OCCASION_FOLLOW_UP",
            completedOn = Iso(DaysAgo(242)),
            answers = Answers(10, i => reversed.Contains(i) ? 0 : 3),
        });

        // Supervision: organisation A supervises the worker from day −270, a session held on day −245.
        var (registered, _) = await PostAsync(admin, "/api/supervision/organisations", new { organisationId = "org-mind-north", name = "Mind North", kind = "ORGANISATION_KIND_SERVICE_USER_LED" });
        Assert.True(registered is HttpStatusCode.OK or HttpStatusCode.Conflict);
        await EventuallyAsync(async () => (await PostAsync(trust, "/api/supervision/agreements", new
        {
            organisationId = "org-mind-north",
            workerId,
            frequencyDays = 28,
            startsOn = Iso(DaysAgo(270)),
        })).Status == HttpStatusCode.OK, "Supervision knows the worker");
        var supervisorId = (await OkAsync(partner, "/api/supervision/supervisors", new { givenName = "Alex", familyName = "Hart" }))["supervisorId"]!.GetValue<string>();
        await OkAsync(partner, $"/api/supervision/supervisors/{supervisorId}/training", new { course = "Peer supervision", completedOn = Iso(DaysAgo(300)) });
        var sessionId = (await OkAsync(partner, "/api/supervision/sessions", new
        {
            supervisorId,
            kind = "SESSION_KIND_INDIVIDUAL",
            scheduledFor = Noon(DaysAgo(245)),
            durationMinutes = 60,
            workerIds = new[] { workerId },
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

        // The trust's own report (an integrator's): every count shown.
        var report = await EventualReportAsync(trust, $"/api/outcomes/reports/programme?from={Iso(from)}&to={Iso(to)}",
            r => r["supervisionCompliance"]?["denominator"]?["value"]?.GetValue<int>() == 1
                 && r["supervisionCompliance"]?["numerator"]?["value"]?.GetValue<int>() == 1 // the held session's event comes after the agreement's
                 && r["workerSelfEsteemChange"]?["pairs"]?["suppressed"]?.GetValue<bool>() == true
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
        // Stays admitted in each window: two before (one per client), one after.
        Assert.Equal(2, Count(beds["admissionsBefore"]));
        Assert.Equal(1, Count(beds["admissionsAfter"]));
        Assert.Equal(0.5, beds["admissionsReduction"]!["value"]!.GetValue<double>());
        Assert.Equal(before / 2.0, beds["meanBedDaysBefore"]!.GetValue<double>());
        Assert.Equal(after / 2.0, beds["meanBedDaysAfter"]!.GetValue<double>());
        Assert.Contains("without a control group", beds["caveat"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(beds["unitCostSource"]!.GetValue<string>()));

        var rq = report["relationshipPeerMinusOther"]!;
        Assert.Equal(2, Count(rq["pairs"]));
        Assert.Equal(meanDifference, rq["mean"]!.GetValue<double>(), 3);
        Assert.Equal(meanDifference - halfWidth, rq["ciLower"]!.GetValue<double>(), 2);
        Assert.Equal(meanDifference + halfWidth, rq["ciUpper"]!.GetValue<double>(), 2);
        // One worker's wellbeing and self-esteem are that person's scores: withheld even in the trust's own report.
        foreach (var change in new[] { report["workerWellbeingChange"]!, report["workerSelfEsteemChange"]! })
        {
            Assert.True(change["pairs"]!["suppressed"]!.GetValue<bool>());
            Assert.False(change["computable"]?.GetValue<bool>() ?? false);
            Assert.Equal(0, change["mean"]?.GetValue<double>() ?? 0);
        }

        // One team: only referrals matched to its workers count.
        var team = await GetOkAsync(trust, $"/api/outcomes/reports/programme?from={Iso(from)}&to={Iso(to)}&teamId={teamId}");
        Assert.Equal(2, Count(team["referrals"]));
        AssertRate(team["consentRate"], 2, 2);
        Assert.Equal(before, Count(team["bedDays"]!["bedDaysBefore"]));

        // For publication, every count under 5 is withheld, and what is built on it; an operator
        // gets nothing else, asked for or not.
        var published = await GetOkAsync(@operator, $"/api/outcomes/reports/programme?from={Iso(from)}&to={Iso(to)}");
        Assert.True(published["forPublication"]!.GetValue<bool>());
        Assert.True(published["referrals"]!["suppressed"]!.GetValue<bool>());
        Assert.False(published["consentRate"]!["computable"]?.GetValue<bool>() ?? false);
        Assert.Equal(before, Count(published["bedDays"]!["bedDaysBefore"])); // 30 is not a small number
        // 4 nights after is withheld, so saved (30 − 4) would give it back: withheld too.
        Assert.True(published["bedDays"]!["bedDaysAfter"]!["suppressed"]!.GetValue<bool>());
        Assert.Equal(0, published["bedDays"]!["bedDaysSaved"]?.GetValue<int>() ?? 0);

        // The summary is publication-safe for operators too: no source count from 1 to 4 is shown.
        var summary = await GetOkAsync(@operator, "/api/outcomes/summary");
        Assert.True(summary["forPublication"]!.GetValue<bool>());
        Assert.All(summary["referralsBySource"]!.AsArray(), s => Assert.True(
            s!["suppressed"]?.GetValue<bool>() == true || (s["referrals"]?.GetValue<int>() ?? 0) >= 5, $"{s} is withheld or not small"));

        // CSV: the same figures.
        var csv = await (await trust.GetAsync($"/api/outcomes/reports/programme.csv?from={Iso(from)}&to={Iso(to)}")).Content.ReadAsStringAsync();
        Assert.StartsWith("section,figure,value,suppressed", csv);
        Assert.Contains($"bed_days,before,{before},false", csv);
        Assert.Contains("referrals,received,3,false", csv);

        // A partner sees only its own supervision figures, in full: they are its own, for its own use.
        var supervision = await GetOkAsync(partner, $"/api/outcomes/reports/supervision?fromMonth={to:yyyy-MM}&toMonth={to:yyyy-MM}&organisationId=org-carers-east");
        Assert.False(supervision["suppressed"]?.GetValue<bool>() ?? false);
        var month = Assert.Single(supervision["months"]!.AsArray())!;
        Assert.Equal("org-mind-north", month["organisationId"]!.GetValue<string>());
        Assert.Equal(1, Count(month["agreements"]));
        // Asked for publication, or read by an operator, small numbers are withheld.
        var forPublication = await GetOkAsync(partner, $"/api/outcomes/reports/supervision?fromMonth={to:yyyy-MM}&toMonth={to:yyyy-MM}&forPublication=true");
        Assert.True(Assert.Single(forPublication["months"]!.AsArray())!["agreements"]!["suppressed"]!.GetValue<bool>());
        var operators = await GetOkAsync(@operator, $"/api/outcomes/reports/supervision?fromMonth={to:yyyy-MM}&toMonth={to:yyyy-MM}&organisationId=org-mind-north");
        Assert.True(operators["suppressed"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/outcomes/reports/programme")).StatusCode);
    }

    [Fact]
    public async Task A_withdrawn_engagement_stops_counting_and_a_rematch_keeps_the_engagements_start()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "rematch-" + Guid.NewGuid().ToString("N")[..8];
        var leaving = await HireWorkerAsync(trust, locality, Iso(DaysAgo(100)));
        var leavingTeam = (await GetOkAsync(trust, $"/api/workforce/workers/{leaving}"))["teamId"]!.GetValue<string>();

        // Three engagements with the same worker: first contacts 5, 9 and 13 days after referral.
        var received = new[] { DaysAgo(60), DaysAgo(59), DaysAgo(58) };
        var daysToContact = new[] { 5, 9, 13 };
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await OkAsync(trust, "/api/referrals", new
            {
                client = new { givenName = "Client", familyName = "Rematch" + i, dateOfBirth = "1980-02-01", nhsNumber = NhsNumbers.Random(), locality },
                source = "REFERRAL_SOURCE_CLINICAL_TEAM",
                referrer = new { name = "Sam", organisation = "CMHT", role = "Care coordinator" },
                reason = "Isolation",
                receivedAt = Noon(received[i]),
            });
            var id = created["referralId"]!.GetValue<string>();
            ids.Add(id);
            await OkAsync(trust, $"/api/referrals/{id}/information", new { givenBy = "Peer lead", givenOn = Iso(received[i]), method = "INFORMATION_METHOD_PHONE" });
            await OkAsync(trust, $"/api/referrals/{id}/consent", new { consentGiven = true });
            await OkAsync(trust, $"/api/referrals/{id}/accept", new { });
            await OkAsync(trust, $"/api/referrals/{id}/match", new { });
            await OkAsync(trust, $"/api/referrals/{id}/contacts", new { contactAt = Noon(received[i].AddDays(daysToContact[i])), durationMinutes = 45, mode = "CONTACT_MODE_PHONE" });
        }

        // The third is withdrawn after its engagement started.
        await OkAsync(trust, $"/api/referrals/{ids[2]}/withdraw", new { reason = "Moved out of area" });

        // The worker leaves; a new one joins in the same locality. The first engagement is re-matched
        // and goes on with the new worker; the second ends as not re-matched.
        var joining = await HireWorkerAsync(trust, locality, Iso(DaysAgo(1)));
        var joiningTeam = (await GetOkAsync(trust, $"/api/workforce/workers/{joining}"))["teamId"]!.GetValue<string>();
        await OkAsync(trust, $"/api/workforce/workers/{leaving}/leaving", new { leftOn = Today, reason = "New job" });
        foreach (var id in ids.Take(2))
        {
            await EventuallyAsync(async () => (await GetOkAsync(trust, $"/api/referrals/{id}"))["status"]!.GetValue<string>() == "REFERRAL_STATUS_ACCEPTED",
                "the worker's leaving returned the engagement for re-matching");
        }

        var rematched = await OkAsync(trust, $"/api/referrals/{ids[0]}/match", new { });
        Assert.Equal(joining, rematched["assignedWorkerId"]!.GetValue<string>());
        var resumed = await OkAsync(trust, $"/api/referrals/{ids[0]}/contacts", new { contactAt = DateTime.UtcNow.AddMinutes(-5).ToString("O"), durationMinutes = 30, mode = "CONTACT_MODE_PHONE" });
        Assert.Equal("REFERRAL_STATUS_ACTIVE", resumed["status"]!.GetValue<string>());
        Assert.Equal(daysToContact[0], resumed["daysToFirstContact"]!.GetValue<int>());
        Assert.Equal(Noon(received[0].AddDays(daysToContact[0])), resumed["firstContactAt"]!.GetValue<DateTime>().ToString("O"));
        Assert.Contains(resumed["history"]!.AsArray(), h => h!["reason"]!.GetValue<string>().StartsWith("Peer worker changed", StringComparison.Ordinal));

        var ended = await OkAsync(trust, $"/api/referrals/{ids[1]}/end", new { reason = "END_REASON_WORKER_LEFT_NOT_REMATCHED" });
        Assert.Equal("REFERRAL_STATUS_ENDED", ended["status"]!.GetValue<string>());
        Assert.Equal("END_REASON_WORKER_LEFT_NOT_REMATCHED", ended["endReason"]!.GetValue<string>());

        // The new worker's team: the re-matched engagement, active, with its original start.
        var period = $"from={Iso(DaysAgo(70))}&to={Iso(Today)}";
        var joined = await EventualReportAsync(trust, $"/api/outcomes/reports/programme?{period}&teamId={joiningTeam}",
            r => r["activeEngagements"]?["value"]?.GetValue<int>() == 1 && r["firstContactWithinTarget"]?["denominator"]?["value"]?.GetValue<int>() == 1);
        Assert.Equal(daysToContact[0], joined["medianDaysToFirstContact"]!.GetValue<double>());
        AssertRate(joined["firstContactWithinTarget"], 1, 1);

        // The leaving worker's team: the ended and the withdrawn engagement, neither active any more.
        var left = await EventualReportAsync(trust, $"/api/outcomes/reports/programme?{period}&teamId={leavingTeam}",
            r => r["firstContactWithinTarget"]?["denominator"]?["value"]?.GetValue<int>() == 2 && (r["activeEngagements"]?["value"]?.GetValue<int>() ?? 0) == 0);
        Assert.Equal(0, Count(left["activeEngagements"]));
        Assert.Equal((daysToContact[1] + daysToContact[2]) / 2.0, left["medianDaysToFirstContact"]!.GetValue<double>());
        AssertRate(left["firstContactWithinTarget"], 2, 2);
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
