using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests.Records;

/// <summary>
/// A client's whole record across services: corrected, exported (through a restart of the
/// Referral service mid-way), then kept until the retention period passed (the test's clock),
/// held, released and erased. Afterwards no planted value is left in any column of any database,
/// and the programme report for the period gives the same figures.
/// </summary>
[Collection(RecordsCollection.Name)]
public sealed class RecordsManagementTests(RecordsSuiteFixture suite)
{
    private const string GivenName = "Zqrecgiven";
    private const string FamilyName = "Zqrecfamily";
    private const string CorrectedFamilyName = "Zqrecfixedfamily";
    private const string DateOfBirth = "1929-02-11";
    private const string Locality = "zqrec-locality";
    private const string ContactPreferences = "zqrec contact by letter";
    private const string Referrer = "Zqrec Referrer";
    private const string ReferrerOrganisation = "Zqrec Carers Group";
    private const string Reason = "zqrec reason: low mood after bereavement";
    private const string InformationGivenBy = "Zqrec Peer Lead";
    private const string ContactNotes = "zqrec notes: walked by the river";
    private const string EndNote = "zqrec ending note";
    private const string CorrectionReason = "zqrec surname misspelt";
    private const string ProviderSpellId = "ZQREC-PAS-0001";
    private const string ExternalResponseId = "ZQREC-RESP-0001";
    private const string ApplicantGivenName = "Zqrecapplicantgiven";
    private const string ApplicantFamilyName = "Zqrecapplicantfamily";
    private const string RejectionNote = "zqrec rejection note";

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd");

    private static string Noon(int daysAgo) => Today.AddDays(-daysAgo).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc).ToString("O");

    [Fact]
    public async Task A_client_is_corrected_exported_kept_held_and_erased_leaving_no_personal_field_and_the_same_figures()
    {
        using var trust = await suite.RestAsAsync("integrator");
        using var admin = await suite.RestAsAsync("admin");
        var nhsNumber = NhsNumbers.Random();

        // A full history: referred by a carer, engaged, two contacts, ended; a hospital spell and a questionnaire.
        // The worker's team works in another locality: the client's is planted, so it must appear nowhere else.
        var workerId = await HireWorkerAsync(trust, "records-" + Guid.NewGuid().ToString("N")[..8], Iso(Today.AddDays(-200)));
        // And an applicant who was not appointed: kept six months after the vacancy closes.
        var teamId = (await GetOkAsync(trust, $"/api/workforce/workers/{workerId}"))["teamId"]!.GetValue<string>();
        var vacancy = await OkAsync(trust, "/api/workforce/vacancies", new { teamId, contractedHours = 30, closingDate = Iso(Today.AddDays(7)) });
        var applicantId = (await OkAsync(trust, $"/api/workforce/vacancies/{vacancy["vacancyId"]}/applicants", new { givenName = ApplicantGivenName, familyName = ApplicantFamilyName, declaresLivedExperience = true }))["applicantId"]!.GetValue<string>();
        await OkAsync(trust, $"/api/workforce/applicants/{applicantId}/reject", new { reason = "REJECTION_REASON_INTERVIEW_PERFORMANCE", note = RejectionNote });
        var created = await OkAsync(trust, "/api/referrals", new
        {
            client = new { givenName = GivenName, familyName = FamilyName, dateOfBirth = DateOfBirth, nhsNumber, locality = Locality, contactPreferences = ContactPreferences },
            source = "REFERRAL_SOURCE_CARER",
            referrer = new { name = Referrer, organisation = ReferrerOrganisation, role = "Carer" },
            reason = Reason,
            receivedAt = Noon(150),
        });
        var referralId = created["referralId"]!.GetValue<string>();
        var clientId = created["clientId"]!.GetValue<string>();
        await OkAsync(trust, $"/api/referrals/{referralId}/information", new { givenBy = InformationGivenBy, givenOn = Iso(Today.AddDays(-149)), method = "INFORMATION_METHOD_IN_PERSON" });
        await OkAsync(trust, $"/api/referrals/{referralId}/consent", new { consentGiven = true });
        await OkAsync(trust, $"/api/referrals/{referralId}/accept", new { });
        Assert.Equal(workerId, (await OkAsync(trust, $"/api/referrals/{referralId}/match", new { teamId }))["assignedWorkerId"]!.GetValue<string>());
        await OkAsync(trust, $"/api/referrals/{referralId}/contacts", new { contactAt = Noon(140), durationMinutes = 60, mode = "CONTACT_MODE_FACE_TO_FACE", notes = ContactNotes });
        await OkAsync(trust, $"/api/referrals/{referralId}/contacts", new { contactAt = Noon(130), durationMinutes = 45, mode = "CONTACT_MODE_PHONE" });
        await OkAsync(trust, $"/api/referrals/{referralId}/end", new { reason = "END_REASON_GOALS_MET", note = EndNote });

        // Rectification: the surname was wrong; the history keeps both values and the reason.
        var corrected = await OkAsync(trust, $"/api/clients/{clientId}/corrections", new { updateMask = new[] { "family_name" }, familyName = CorrectedFamilyName, reason = CorrectionReason });
        Assert.Equal(CorrectedFamilyName, corrected["familyName"]!.GetValue<string>());
        var changes = (await GetOkAsync(admin, $"/api/records/clients/{clientId}/changes"))["changes"]!.AsArray();
        var change = Assert.Single(changes)!;
        Assert.Equal(CorrectionReason, change["reason"]!.GetValue<string>());
        Assert.Equal(FamilyName, change["fields"]![0]!["before"]!.GetValue<string>());
        Assert.Equal(CorrectedFamilyName, change["fields"]![0]!["after"]!.GetValue<string>());
        // Found by the number, not by creating a duplicate.
        Assert.Equal(clientId, (await OkAsync(trust, "/api/clients/find", new { nhsNumber }))["clientId"]!.GetValue<string>());

        await EventuallyAsync(async () => (await PostAsync(trust, "/api/outcomes/hospital-spells", new
        {
            providerSpellId = ProviderSpellId,
            clientId,
            admittedOn = Iso(Today.AddDays(-120)),
            dischargedOn = Iso(Today.AddDays(-110)),
        })).Status == HttpStatusCode.OK, "Outcomes knows the client");
        await OkAsync(trust, "/api/outcomes/questionnaire-responses", new
        {
            instrumentId = "RELATIONSHIP-QUALITY",
            subjectId = clientId,
            about = "peer_worker",
            occasion = "OCCASION_FOLLOW_UP",
            completedOn = Iso(Today.AddDays(-131)),
            answers = Enumerable.Range(1, 12).Select(i => new { item = i, value = i % 5 }).ToArray(),
            externalResponseId = ExternalResponseId,
        });
        var reportPath = $"/api/outcomes/reports/programme?from={Iso(Today.AddDays(-160))}&to={Iso(Today.AddDays(-100))}";
        // The report once every event has arrived (the engagement counted as ended, nothing active).
        JsonNode? before = null;
        await EventuallyAsync(async () =>
        {
            var previous = before?.ToJsonString();
            before = Figures(await GetOkAsync(trust, reportPath));
            return before["referrals"]?["value"]?.GetValue<int>() >= 1 && before.ToJsonString() == previous;
        }, "the report counts the referral and is settled");

        // Subject access: Outcomes is down when the export starts, and Referral restarts mid-way.
        await suite.App.ResourceCommands.ExecuteCommandAsync("outcomes", KnownResourceCommands.StopCommand);
        string exportId;
        try
        {
            exportId = (await OkAsync(admin, "/api/records/exports", new { clientId }))["exportId"]!.GetValue<string>();
            await EventuallyAsync(async () =>
            {
                var sources = (await GetOkAsync(admin, $"/api/records/exports/{exportId}"))["sources"]!.AsArray();
                return sources.Any(s => s!["source"]!.GetValue<string>() == "referral" && s["gathered"]?.GetValue<bool>() == true)
                    && sources.Any(s => s!["source"]!.GetValue<string>() == "outcomes" && s["attempts"]?.GetValue<int>() >= 1);
            }, "the Referral part is gathered and Outcomes was tried");
            await suite.App.ResourceCommands.ExecuteCommandAsync("referral", KnownResourceCommands.StopCommand);
            await suite.App.ResourceCommands.ExecuteCommandAsync("referral", KnownResourceCommands.StartCommand);
        }
        finally
        {
            await suite.App.ResourceCommands.ExecuteCommandAsync("outcomes", KnownResourceCommands.StartCommand);
        }

        // Both back (a call through the gateway to a service still starting waits rather than fails).
        using (var healthy = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await suite.App.ResourceNotifications.WaitForResourceHealthyAsync("referral", healthy.Token);
            await suite.App.ResourceNotifications.WaitForResourceHealthyAsync("outcomes", healthy.Token);
        }

        JsonObject export = [];
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (export["status"]?.GetValue<string>() != "EXPORT_STATUS_READY")
        {
            Assert.True(DateTime.UtcNow < deadline, $"The export is not ready two minutes after the restart: {export.ToJsonString()}");
            await Task.Delay(500);
            var (status, body) = await GetAsync(admin, $"/api/records/exports/{exportId}");
            export = status == HttpStatusCode.OK ? body : new JsonObject { ["answer"] = (int)status, ["body"] = body.DeepClone() };
        }

        Assert.All(export["sources"]!.AsArray(), s => Assert.True(s!["gathered"]!.GetValue<bool>()));
        Assert.NotNull(export["expiresAt"]);

        var archive = await admin.GetAsync($"/api/records/exports/{exportId}/archive");
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        Assert.Equal("application/zip", archive.Content.Headers.ContentType?.MediaType);
        using (var zip = new ZipArchive(await archive.Content.ReadAsStreamAsync()))
        {
            Assert.Equal(["manifest.json", "outcomes.json", "referral.json", "summary.html"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            var manifest = Read(zip, "manifest.json");
            Assert.Equal(clientId, manifest["clientId"]!.GetValue<string>());
            Assert.Equal(["referral", "outcomes"], manifest["sources"]!.AsArray().Select(s => s!["source"]!.GetValue<string>()));

            var referral = Read(zip, "referral.json")["sections"]!;
            var client = Assert.Single(referral["client"]!.AsArray())!;
            Assert.Equal((GivenName, CorrectedFamilyName, DateOfBirth, nhsNumber, Locality, ContactPreferences),
                (Text(client, "givenName"), Text(client, "familyName"), Text(client, "dateOfBirth"), Text(client, "nhsNumber"), Text(client, "locality"), Text(client, "contactPreferences")));
            var exportedReferral = Assert.Single(referral["referrals"]!.AsArray())!;
            Assert.Equal((referralId, Reason, Referrer, InformationGivenBy), (Text(exportedReferral, "referralId"), Text(exportedReferral, "reason"), Text(exportedReferral["referrer"]!, "name"), Text(exportedReferral, "informationGivenBy")));
            Assert.Contains(exportedReferral["history"]!.AsArray(), h => Text(h!, "reason").EndsWith(EndNote, StringComparison.Ordinal));
            Assert.Equal([ContactNotes, ""], referral["peer_contacts"]!.AsArray().Select(c => Text(c!, "notes")));
            Assert.Equal(FamilyName, Text(Assert.Single(referral["client_changes"]!.AsArray())!["fields"]![0]!, "before"));
            var audited = referral["audit_records"]!.AsArray();
            Assert.True(audited.Any(a => Text(a!, "recordId") == clientId && Text(a!, "action") == "Update"), audited.ToJsonString());

            var outcomes = Read(zip, "outcomes.json")["sections"]!;
            Assert.Equal(ProviderSpellId, Text(Assert.Single(outcomes["hospital_spells"]!.AsArray())!, "providerSpellId"));
            var response = Assert.Single(outcomes["questionnaire_responses"]!.AsArray())!;
            Assert.Equal(ExternalResponseId, Text(response, "externalResponseId"));
            Assert.Equal(Enumerable.Range(1, 12).Select(i => i % 5), response["answers"]!.AsArray().Select(a => a!.GetValue<int>()));
            Assert.Equal(referralId, Text(Assert.Single(outcomes["referral_progress"]!.AsArray())!, "referralId"));

            using var reader = new StreamReader(zip.GetEntry("summary.html")!.Open());
            var summary = await reader.ReadToEndAsync();
            Assert.Contains(CorrectedFamilyName, summary);
            Assert.Contains(ContactNotes, summary);
            Assert.Contains(ProviderSpellId, summary);
        }

        // Positive control: the scan finds what is there.
        Assert.Contains("referraldb.clients.family_name", await suite.FindAsync(CorrectedFamilyName));
        Assert.Contains("outcomesdb.hospital_spells.provider_spell_id", await suite.FindAsync(ProviderSpellId));
        Assert.Contains("workforcedb.applicants.family_name", await suite.FindAsync(ApplicantFamilyName));

        // Today nothing is due; twenty years and a day after the last contact, the care record is.
        var dryToday = await OkAsync(admin, "/api/records/retention-runs", new { mode = "RETENTION_RUN_MODE_DRY_RUN" });
        Assert.DoesNotContain(dryToday["due"]?.AsArray() ?? [], d => Text(d!, "clientId") == clientId);
        suite.LetDaysPass(20 * 366 + 1);
        try
        {
            var due = Assert.Single((await OkAsync(admin, "/api/records/retention-runs", new { mode = "RETENTION_RUN_MODE_DRY_RUN" }))["due"]!.AsArray(), d => Text(d!, "clientId") == clientId)!;
            Assert.Equal("care_record", Text(due, "rule"));

            // A legal hold stops the run for this client.
            await OkAsync(admin, "/api/records/legal-holds", new { clientId, reason = "Complaint under investigation" });
            var heldRun = await OkAsync(admin, "/api/records/retention-runs", new { mode = "RETENTION_RUN_MODE_ERASE" });
            Assert.True(Assert.Single(heldRun["due"]!.AsArray(), d => Text(d!, "clientId") == clientId)!["held"]!.GetValue<bool>());
            Assert.Equal(HttpStatusCode.OK, (await trust.GetAsync($"/api/clients/{clientId}")).StatusCode);

            await OkAsync(admin, $"/api/records/legal-holds/{clientId}/release", new { reason = "Complaint closed" });
            var run = await OkAsync(admin, "/api/records/retention-runs", new { mode = "RETENTION_RUN_MODE_ERASE" });
            Assert.True(run["erased"]!.GetValue<int>() >= 1, run.ToJsonString());
            // Workforce's own review (every second here) erases the applicant, years after the vacancy closed.
            await EventuallyAsync(async () => (await trust.GetAsync($"/api/workforce/applicants/{applicantId}")).StatusCode == HttpStatusCode.NotFound, "the unsuccessful applicant is erased");
        }
        finally
        {
            suite.LetDaysPass(0);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await trust.GetAsync($"/api/clients/{clientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/records/exports/{exportId}")).StatusCode);

        // Outcomes applies ClientRecordsErased asynchronously; then nothing planted is anywhere.
        await EventuallyAsync(async () => (await suite.FindAsync(ProviderSpellId)).Count == 0, "Outcomes anonymised the client");
        var planted = new[]
        {
            GivenName, FamilyName, CorrectedFamilyName, DateOfBirth, nhsNumber, Locality, ContactPreferences, Referrer, ReferrerOrganisation,
            Reason, InformationGivenBy, ContactNotes, EndNote, CorrectionReason, ProviderSpellId, ExternalResponseId,
            ApplicantGivenName, ApplicantFamilyName, RejectionNote,
        };
        var left = new List<string>();
        foreach (var value in planted)
        {
            left.AddRange((await suite.FindAsync(value)).Select(place => $"'{value}' in {place}"));
        }

        Assert.True(left.Count == 0, string.Join("\n", left));

        // The audit trail keeps that the erasure happened, not what was erased.
        var audit = (await GetOkAsync(admin, $"/api/referrals/audit-records?recordType=Client&recordId={clientId}"))["records"]!.AsArray();
        Assert.Contains(audit, a => Text(a!, "action") == "DELETE");

        // The figures for the past period do not change.
        Assert.Equal(before!.ToJsonString(), Figures(await GetOkAsync(trust, reportPath)).ToJsonString());
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    private static JsonNode Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        return JsonNode.Parse(stream)!;
    }

    private static string Text(JsonNode node, string property) => node[property]?.GetValue<string>() ?? "";

    /// <summary>The report without when it was made: what must not change.</summary>
    private static JsonNode Figures(JsonObject report)
    {
        var copy = report.DeepClone().AsObject();
        copy.Remove("generatedAt");
        return copy;
    }
}
