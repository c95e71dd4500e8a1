using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace PeerPlatform.EndToEndTests.Portal;

/// <summary>
/// The portal's authorization matrix: every page (each @page route under portal/Pages) opened in
/// a real browser by each kind of person and by no one. A page is shown to whom it is for, anyone
/// else signed in gets the refusal page, and no one signed in is sent to sign in. A page missing
/// from the table fails the test, as a REST route missing from the API's matrix does.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed partial class PortalPageMatrixTests(SuiteFixture suite)
{
    private const string Refused = "You cannot do that";
    private const string NotFound = "Page not found";

    private static readonly string[] Supervisors = ["supervisor", "administrator"];
    private static readonly string[] Everyone = ["supervisor", "administrator", "worker", "staff"];

    /// <summary>Route → the people it is for and the heading they see (a placeholder id is not found).</summary>
    private static readonly Dictionary<string, (string[] For, string Heading)> Pages = new()
    {
        ["/"] = (Everyone, "Welcome|My supervision"),
        ["/workers"] = (Supervisors, "Workers you supervise"),
        ["/sessions"] = (["supervisor", "administrator", "worker"], "Sessions|My supervision"),
        ["/sessions/schedule"] = (Supervisors, "Schedule a session"),
        ["/sessions/{sessionId}"] = (["supervisor", "administrator", "worker"], NotFound),
        ["/concerns"] = (Supervisors, "Concerns"),
        ["/compliance"] = (Supervisors, "Supervision compliance"),
        ["/supervisors"] = (["administrator"], "Supervisors"),
        ["/people"] = (["administrator"], "Portal users"),
        // Public: where sign-out and errors land.
        ["/signed-out"] = ([.. Everyone, "anonymous"], "You have signed out"),
        ["/status/{code:int}"] = ([.. Everyone, "anonymous"], NotFound),
        // GET only shows the start page again; signing out is a POST.
        ["/sign-out"] = (Everyone, "Welcome|My supervision"),
    };

    [GeneratedRegex("@page(?:\\s+\"(?<route>[^\"]+)\")?")]
    private static partial Regex PageDirective();

    [Fact]
    public async Task Every_portal_page_answers_each_person_as_the_matrix_says()
    {
        var routes = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "portal", "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .Select(text => PageDirective().Match(text))
            .Where(match => match.Success)
            .Select(match => match.Groups["route"].Success ? match.Groups["route"].Value : "/")
            .ToHashSet();
        Assert.Equal(routes.Order(), Pages.Keys.Order());

        var browsers = await SignInEveryoneAsync();
        var failures = new List<string>();
        try
        {
            foreach (var (route, (allowed, heading)) in Pages)
            {
                var path = "/portal" + route.Replace("{sessionId}", Guid.NewGuid().ToString()).Replace("{code:int}", "404");
                foreach (var (person, browser) in browsers)
                {
                    browser.Open(path);
                    var seen = browser.FindAll("h1").FirstOrDefault()?.Text ?? "(no heading)";
                    var expected = allowed.Contains(person)
                        ? heading
                        : person == "anonymous" ? "Sign in" : Refused;
                    if (!Regex.IsMatch(seen, $"^({expected})"))
                    {
                        failures.Add($"{path} as {person}: saw \"{seen}\", expected \"{expected}\"");
                    }
                }
            }
        }
        finally
        {
            foreach (var browser in browsers.Values)
            {
                browser.Dispose();
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<Dictionary<string, Browser>> SignInEveryoneAsync()
    {
        using var admin = await suite.RestAsAsync("admin");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var worker = $"matrix-portal-worker-{suffix}@test.example";
        var administrator = $"matrix-portal-admin-{suffix}@test.example";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/identity/people", new { email = worker, displayName = "Matrix worker", personRole = "peer-worker", workerId = Guid.NewGuid().ToString(), temporaryPassword = "matrix-worker-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/identity/people", new { email = administrator, displayName = "Matrix administrator", personRole = "partner-admin", partnerOrganisation = "org-mind-north", temporaryPassword = "matrix-admin-password" })).StatusCode);

        var browsers = new Dictionary<string, Browser>
        {
            ["anonymous"] = new(suite.GatewayHttpPort),
            ["supervisor"] = new(suite.GatewayHttpPort),
            ["administrator"] = new(suite.GatewayHttpPort),
            ["worker"] = new(suite.GatewayHttpPort),
            ["staff"] = new(suite.GatewayHttpPort),
        };
        browsers["supervisor"].SignIn("supervisor@mind-north.example", "dev-supervisor-password");
        browsers["worker"].SignIn(worker, "matrix-worker-password");
        browsers["staff"].SignIn("staff@trust.example", "dev-trust-staff-password");
        var administratorBrowser = browsers["administrator"];
        administratorBrowser.SignIn(administrator, "matrix-admin-password");
        administratorBrowser.Type("#Code", Totp.Code(administratorBrowser.Find("#shared-key code").Text, DateTimeOffset.UtcNow));
        administratorBrowser.Submit("main form button[type=submit]");
        return browsers;
    }
}
