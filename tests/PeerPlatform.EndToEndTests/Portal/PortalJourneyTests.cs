using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests.Portal;

/// <summary>
/// The partner portal in a real browser (headless Chromium), through the gateway, against the
/// whole suite: people sign in at Identity, the portal calls the APIs with their token, and the
/// services' rules and audit trails apply to them as to any integrator.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class PortalJourneyTests(SuiteFixture suite)
{
    private const string SupervisorA = "supervisor@mind-north.example";
    private const string SupervisorB = "supervisor@carers-east.example";
    private const string SupervisorPassword = "dev-supervisor-password";

    private static string Date(int daysFromToday) => DateTime.UtcNow.AddDays(daysFromToday).ToString("yyyy-MM-dd");

    private async Task RegisterOrganisationsAsync()
    {
        using var admin = await suite.RestAsAsync("admin");
        await RegisterPartnerOrganisationsAsync(admin);
    }

    /// <summary>A sign-in made by the platform administrator through Identity's people API; returns the person's id.</summary>
    private async Task<string> AddPersonAsync(string email, string personRole, string password, string? organisation = null, string? workerId = null)
    {
        using var admin = await suite.RestAsAsync("admin");
        var response = await admin.PostAsJsonAsync("/api/identity/people", new
        {
            email,
            displayName = "Test " + personRole,
            personRole,
            partnerOrganisation = organisation,
            workerId,
            temporaryPassword = password,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["personId"]!.GetValue<string>();
    }

    private async Task<string> PersonIdAsync(string email)
    {
        using var admin = await suite.RestAsAsync("admin");
        var people = await GetOkAsync(admin, "/api/identity/people");
        return people["people"]!.AsArray().Single(p => p!["email"]!.GetValue<string>() == email)!["personId"]!.GetValue<string>();
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)] + "@test.example";

    [Fact]
    public async Task A_supervisor_records_a_held_session_the_worker_becomes_compliant_and_reads_the_note()
    {
        await RegisterOrganisationsAsync();
        using var trust = await suite.RestAsAsync("integrator");
        using var partner = await suite.RestAsAsync("partner-a");
        var (workerId, _) = await SupervisedWorkerAsync(trust, OrganisationA, daysAgo: 60);
        var supervisorId = (await OkAsync(partner, "/api/supervision/supervisors", new { givenName = "Robin", familyName = "Hale" }))["supervisorId"]!.GetValue<string>();
        await OkAsync(partner, $"/api/supervision/supervisors/{supervisorId}/training", new { course = "Peer supervision foundations", completedOn = Date(-10) });
        const string workerPassword = "worker-password-for-tests";
        var workerEmail = Unique("worker");
        var workerPersonId = await AddPersonAsync(workerEmail, "peer-worker", workerPassword, workerId: workerId);

        using var supervisor = new Browser(suite.GatewayHttpPort);
        supervisor.Open("/portal/");
        supervisor.Screenshot("identity-sign-in");
        supervisor.SignIn(SupervisorA, SupervisorPassword);
        Assert.Contains("/portal", supervisor.Url, StringComparison.Ordinal);
        Assert.StartsWith("Welcome", supervisor.Heading, StringComparison.Ordinal);
        supervisor.Screenshot("portal-home");

        // Overdue before: hired 60 days ago under a four-weekly agreement, never supervised.
        supervisor.Open("/portal/workers");
        Assert.Equal("Overdue", supervisor.Find($"tr[data-worker-id='{workerId}'] .compliance-status").Text);
        supervisor.Screenshot("portal-workers");

        // Schedule a session two days ago, then record it as held with notes and an action.
        supervisor.Open("/portal/sessions/schedule");
        supervisor.Select("#SupervisorId", supervisorId);
        supervisor.SetValue("#Date", Date(-2));
        supervisor.SetValue("#Time", "10:00");
        supervisor.Find($"#worker-{workerId}").Click();
        supervisor.Submit("main form button[type=submit]");
        Assert.False(supervisor.Url.EndsWith("/schedule", StringComparison.Ordinal), supervisor.PageText);
        var sessionId = supervisor.Url.Split('/').Last().Split('?')[0];
        Assert.Equal("Scheduled", supervisor.Find("#session-status").Text);

        const string notes = "Talked through holding boundaries with a client; feeling more confident.";
        supervisor.Find("#theme-1").Click();
        supervisor.Type("#ConfidentialNotes", notes);
        supervisor.Type("#Actions_0__Description", "Agree boundaries with the team");
        supervisor.SetValue("#Actions_0__DueOn", Date(14));
        supervisor.Screenshot("portal-record-session");
        supervisor.Submit("#held-form button[type=submit]");
        Assert.Equal("Held", supervisor.Find("#session-status").Text);
        Assert.Equal(notes, supervisor.Find("#confidential-notes").Text);
        Assert.Contains("Agree boundaries with the team", supervisor.Find("#session-actions").Text, StringComparison.Ordinal);
        supervisor.Screenshot("portal-session");

        // Compliant now.
        supervisor.Open("/portal/workers");
        Assert.Equal("Up to date", supervisor.Find($"tr[data-worker-id='{workerId}'] .compliance-status").Text);
        supervisor.Open("/portal/compliance");
        Assert.Equal("Supervision compliance", supervisor.Heading);
        Assert.DoesNotContain(workerId[..8], supervisor.Find("main").Text, StringComparison.Ordinal);
        supervisor.Screenshot("portal-compliance");
        // The supervision report downloads as the organisation's CSV.
        var download = (string)supervisor.Script(
            "const x = new XMLHttpRequest(); x.open('GET', arguments[0], false); x.send(); return x.status + ' ' + x.getResponseHeader('Content-Type') + '\\n' + x.responseText;",
            "/portal/compliance?handler=Report")!;
        Assert.StartsWith("200 text/csv\nsection,figure,value,suppressed", download, StringComparison.Ordinal);
        Assert.Contains(OrganisationA, download, StringComparison.Ordinal);
        Assert.DoesNotContain(OrganisationB, download, StringComparison.Ordinal);

        // A second factor is there for anyone who wants one, from the portal's header.
        supervisor.Submit("a[href*='second-factor']");
        Assert.Equal("Set up a second factor", supervisor.Heading);
        Assert.NotEmpty(supervisor.Find("#shared-key code").Text);
        Assert.Empty(supervisor.FindAll(".notice"));

        // The audit trail names the person who recorded it, the portal as the application and her organisation.
        var supervisorPersonId = await PersonIdAsync(SupervisorA);
        using var admin = await suite.RestAsAsync("admin");
        var records = (await GetOkAsync(admin, $"/api/supervision/audit-records?recordType=SupervisionSession&recordId={sessionId}&personId={supervisorPersonId}"))["records"]!.AsArray();
        Assert.Contains(records, r => r!["action"]!.GetValue<string>() == "UPDATE"
            && r["clientId"]!.GetValue<string>() == "peer-portal"
            && r["personRole"]!.GetValue<string>() == "partner-supervisor"
            && r["partnerOrganisation"]!.GetValue<string>() == OrganisationA);

        // The worker signs in and reads the note and the action; nothing about other workers.
        using var worker = new Browser(suite.GatewayHttpPort, width: 390, height: 844);
        worker.SignIn(workerEmail, workerPassword);
        Assert.Equal("My supervision", worker.Heading);
        Assert.Contains("Agree boundaries with the team", worker.Find("#open-actions").Text, StringComparison.Ordinal);
        worker.Screenshot("portal-worker-phone");
        worker.Open($"/portal/sessions/{sessionId}");
        Assert.Equal(notes, worker.Find("#confidential-notes").Text);
        Assert.Empty(worker.FindAll("#held-form"));
        var workerReads = (await GetOkAsync(admin, $"/api/supervision/audit-records?recordType=SupervisionSession&recordId={sessionId}&personId={workerPersonId}"))["records"]!.AsArray();
        Assert.Contains(workerReads, r => r!["action"]!.GetValue<string>() == "READ" && r["personRole"]!.GetValue<string>() == "peer-worker");

        // Another organisation's supervisor reaches nothing of it, by address or by form.
        using var other = new Browser(suite.GatewayHttpPort);
        other.SignIn(SupervisorB, SupervisorPassword);
        other.Open($"/portal/sessions/{sessionId}");
        Assert.Equal("Page not found", other.Heading);
        Assert.DoesNotContain(notes, other.PageText, StringComparison.Ordinal);
        other.Open("/portal/concerns");
        other.SubmitByScript(
            "const f = document.querySelector('main form'); f.action = arguments[0]; f.submit();",
            $"/portal/sessions/{sessionId}?handler=Missed");
        Assert.Equal("Page not found", other.Heading);
        Assert.DoesNotContain(notes, other.PageText, StringComparison.Ordinal);
        var session = await (await suite.RestAsAsync("partner-a")).GetFromJsonAsync<JsonObject>($"/api/supervision/sessions/{sessionId}");
        Assert.Equal("SESSION_STATUS_HELD", session!["status"]!.GetValue<string>());
    }

    [Fact]
    public void A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        using var browser = new Browser(suite.GatewayHttpPort);
        browser.SignIn(SupervisorA, SupervisorPassword);
        browser.Open("/portal/concerns");
        browser.SubmitByScript(
            "const f = document.querySelector('main form'); f.querySelector('input[name=__RequestVerificationToken]').remove(); f.submit();");
        Assert.Equal("Your form could not be accepted", browser.Heading);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var email = Unique("locked");
        await AddPersonAsync(email, "partner-supervisor", "the-right-password-1", OrganisationA);
        using var browser = new Browser(suite.GatewayHttpPort);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            browser.SignIn(email, "a-wrong-password-" + attempt);
            Assert.Contains("/account/login", browser.Url, StringComparison.Ordinal);
        }

        browser.SignIn(email, "the-right-password-1");
        Assert.Contains("/account/login", browser.Url, StringComparison.Ordinal);
        Assert.Contains("locked", browser.Find(".error-summary").Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_cannot_finish_signing_in_without_a_second_factor()
    {
        var email = Unique("admin");
        await AddPersonAsync(email, "partner-admin", "administrator-password-1", OrganisationA);
        using var browser = new Browser(suite.GatewayHttpPort);
        browser.SignIn(email, "administrator-password-1");
        Assert.Contains("/account/second-factor", browser.Url, StringComparison.Ordinal);
        Assert.Contains("not signed in", browser.PageText, StringComparison.Ordinal);
        browser.Screenshot("identity-second-factor");

        // Not signed in: the portal sends them back to sign in.
        browser.Open("/portal/supervisors");
        Assert.Contains("/account/login", browser.Url, StringComparison.Ordinal);

        // With the factor set up, they are in, and see the administrator's pages.
        browser.SignIn(email, "administrator-password-1");
        var key = browser.Find("#shared-key code").Text;
        browser.Type("#Code", Totp.Code(key, DateTimeOffset.UtcNow));
        browser.Submit("main form button[type=submit]");
        browser.Open("/portal/people");
        Assert.Equal("Portal users", browser.Heading);
        browser.Screenshot("portal-people");
    }

    [Fact]
    public async Task A_partner_administrator_manages_their_own_organisations_people_and_supervisors_and_nobody_elses()
    {
        var email = Unique("orgadmin");
        await AddPersonAsync(email, "partner-admin", "administrator-password-2", OrganisationA);
        var otherEmail = Unique("other");
        var otherId = await AddPersonAsync(otherEmail, "partner-supervisor", "other-password-0001", OrganisationB);
        await RegisterOrganisationsAsync();

        using var browser = new Browser(suite.GatewayHttpPort);
        browser.SignIn(email, "administrator-password-2");
        browser.Type("#Code", Totp.Code(browser.Find("#shared-key code").Text, DateTimeOffset.UtcNow));
        browser.Submit("main form button[type=submit]");

        // A supervisor added through the Supervisors page, and a bad one refused beside its field.
        browser.Open("/portal/supervisors");
        browser.Type("#GivenName", "Jordan");
        browser.Type("#FamilyName", "Reyes");
        browser.Submit("form[action*='handler=Add'] button[type=submit]");
        Assert.Contains("Jordan Reyes", browser.Find("#supervisors").Text, StringComparison.Ordinal);

        // A portal user added through the People page: a too-short password is refused beside its field.
        var colleague = Unique("colleague");
        browser.Open("/portal/people");
        browser.Type("#Email", colleague);
        browser.Type("#DisplayName", "Colleague Supervisor");
        browser.Type("#TemporaryPassword", "short");
        browser.Submit("form[action*='handler=Add'] button[type=submit]");
        Assert.Contains("There is a problem", browser.Find(".error-summary").Text, StringComparison.Ordinal);
        browser.Type("#Email", colleague);
        browser.Type("#DisplayName", "Colleague Supervisor");
        browser.Type("#TemporaryPassword", "a-good-temporary-password");
        browser.Submit("form[action*='handler=Add'] button[type=submit]");
        Assert.Contains(colleague, browser.Find("#people").Text, StringComparison.Ordinal);
        Assert.DoesNotContain(otherEmail, browser.Find("#people").Text, StringComparison.Ordinal);

        // Another organisation's person, by re-pointing a form at them: not found, and unchanged.
        browser.SubmitByScript(
            "const f = document.querySelector('form[action*=\\'handler=Deactivate\\']'); f.action = arguments[0]; f.submit();",
            $"/portal/people?handler=Deactivate&personId={otherId}");
        Assert.Equal("Page not found", browser.Heading);
        using var admin = await suite.RestAsAsync("admin");
        var other = (await GetOkAsync(admin, "/api/identity/people"))["people"]!.AsArray().Single(p => p!["personId"]!.GetValue<string>() == otherId)!;
        Assert.True(other["active"]!.GetValue<bool>());
    }
}
