using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Grpc.Core;
using PeerPlatform.Contracts.Outcomes.V1;
using PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.EndToEndTests;

/// <summary>The security model, seen from outside: through the gateway, as each kind of caller.</summary>
[Collection(SuiteCollection.Name)]
public sealed class SecurityThroughGatewayTests(SuiteFixture suite)
{
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;

    /// <summary>Callers whose token is missing or invalid: every route answers 401.</summary>
    private static readonly string[] Unauthenticated = ["anonymous", "expired", "foreign-key", "alg-none"];

    /// <summary>
    /// People signed in through the portal, and the system role each acts with: they are allowed
    /// exactly where that role is (trust staff as the trust's systems, a partner's supervisor as
    /// the partner), except a peer worker, allowed only to read their own sessions (<see cref="WorkerRoutes"/>).
    /// </summary>
    private static readonly Dictionary<string, string?> People = new()
    {
        ["supervisor-a"] = "partner-a",
        ["staff"] = "integrator",
        ["worker"] = null,
    };

    private static readonly string[] Roles = ["integrator", "partner-a", "partner-b", "operator", "admin", "supervisor-a", "staff", "worker"];

    private static readonly HashSet<(string Verb, string Template)> WorkerRoutes =
    [
        ("get", "/api/supervision/sessions"),
        ("get", "/api/supervision/sessions/{session_id}"),
    ];

    /// <summary>Who may call a route: the matrix's roles, and the people acting as one of them.</summary>
    internal static string[] Allowed((string Verb, string Template) route) =>
    [
        .. Matrix[route],
        .. People.Where(person => person.Value is { } role ? Matrix[route].Contains(role) : WorkerRoutes.Contains(route)).Select(person => person.Key),
    ];

    private static readonly string[] Partners = ["partner-a", "partner-b"];
    private static readonly string[] TrustOrPartners = ["integrator", "partner-a", "partner-b"];
    private static readonly string[] Reports = ["integrator", "operator", "admin"];
    private static readonly string[] Figures = ["integrator", "operator", "admin", "partner-a", "partner-b"];
    private static readonly string[] Webhooks = ["integrator", "partner-a", "partner-b", "operator"];

    /// <summary>
    /// The authorization matrix: every REST operation the gateway publishes and the roles allowed
    /// to call it. An allowed role must get past authorization (any answer but 401/403: with
    /// placeholder ids and empty bodies that is often 400 or 404); every other role gets 403; a
    /// caller without a valid token gets 401. It grows with every feature; an operation missing
    /// here fails the test. Partner organisation A against B's records is tested with real records
    /// in SupervisionThroughGatewayTests.
    /// </summary>
    internal static readonly Dictionary<(string Verb, string Template), string[]> Matrix = new()
    {
        [("post", "/api/referrals")] = ["integrator"],
        [("get", "/api/referrals")] = ["integrator"],
        [("get", "/api/referrals/{referral_id}")] = ["integrator"],
        [("get", "/api/clients/{client_id}")] = ["integrator"],
        [("post", "/api/clients/find")] = ["integrator"],
        [("post", "/api/clients/{client_id}/corrections")] = ["integrator"],
        [("get", "/api/records/clients/{client_id}/changes")] = ["admin"],
        [("post", "/api/records/merges")] = ["admin"],
        [("post", "/api/records/merges/{merge_id}/undo")] = ["admin"],
        [("post", "/api/records/exports")] = ["admin"],
        [("get", "/api/records/exports/{export_id}")] = ["admin"],
        [("get", "/api/records/exports/{export_id}/archive")] = ["admin"],
        [("post", "/api/records/legal-holds")] = ["admin"],
        [("post", "/api/records/legal-holds/{client_id}/release")] = ["admin"],
        [("post", "/api/records/erasure-requests")] = ["admin"],
        [("get", "/api/records/erasure-requests")] = ["admin"],
        [("post", "/api/records/retention-runs")] = ["admin"],
        [("post", "/api/referrals/{referral_id}/information")] = ["integrator"],
        [("post", "/api/referrals/{referral_id}/consent")] = ["integrator"],
        [("post", "/api/referrals/{referral_id}/accept")] = ["integrator"],
        [("post", "/api/referrals/{referral_id}/not-accept")] = ["integrator"],
        [("post", "/api/referrals/{referral_id}/match")] = ["integrator"],
        [("post", "/api/referrals/{referral_id}/contacts")] = ["integrator"],
        [("get", "/api/referrals/contacts/{contact_id}")] = ["integrator"],
        [("get", "/api/referrals/contacts")] = ["integrator"],
        [("post", "/api/referrals/{referral_id}/end")] = ["integrator"],
        [("post", "/api/referrals/{referral_id}/withdraw")] = ["integrator"],
        [("post", "/api/referrals/{referral_id}/consent/withdraw")] = ["integrator"],
        [("get", "/api/referrals/audit-records")] = ["admin"],
        [("get", "/api/outcomes/summary")] = Reports,
        [("get", "/api/outcomes/reports/programme")] = Reports,
        [("get", "/api/outcomes/reports/programme.csv")] = Reports,
        [("get", "/api/outcomes/reports/supervision")] = Figures,
        [("get", "/api/outcomes/reports/supervision.csv")] = Figures,
        [("post", "/api/outcomes/hospital-spells")] = ["integrator"],
        [("get", "/api/outcomes/hospital-spells")] = ["integrator"],
        [("get", "/api/outcomes/hospital-spells/{spell_id}")] = ["integrator"],
        [("get", "/api/outcomes/instruments")] = ["integrator"],
        [("post", "/api/outcomes/questionnaire-responses")] = ["integrator"],
        [("get", "/api/outcomes/audit-records")] = ["admin"],
        [("post", "/api/workforce/teams")] = ["integrator"],
        [("get", "/api/workforce/teams")] = ["integrator"],
        [("get", "/api/workforce/teams/{team_id}")] = ["integrator"],
        [("post", "/api/workforce/teams/{team_id}/training")] = ["integrator"],
        [("post", "/api/workforce/teams/{team_id}/role-agreement")] = ["integrator"],
        [("post", "/api/workforce/vacancies")] = ["integrator"],
        [("get", "/api/workforce/vacancies")] = ["integrator"],
        [("post", "/api/workforce/vacancies/{vacancy_id}/applicants")] = ["integrator"],
        [("get", "/api/workforce/vacancies/{vacancy_id}/applicants")] = ["integrator"],
        [("get", "/api/workforce/applicants/{applicant_id}")] = ["integrator"],
        [("post", "/api/workforce/applicants/{applicant_id}/advance")] = ["integrator"],
        [("post", "/api/workforce/applicants/{applicant_id}/reject")] = ["integrator"],
        [("post", "/api/workforce/applicants/{applicant_id}/withdraw")] = ["integrator"],
        [("post", "/api/workforce/applicants/{applicant_id}/checks")] = ["integrator"],
        [("post", "/api/workforce/applicants/{applicant_id}/hire")] = ["integrator"],
        [("post", "/api/workforce/training-modules")] = ["integrator"],
        [("get", "/api/workforce/training-modules")] = ["integrator"],
        [("post", "/api/workforce/training-modules/{module_id}/retire")] = ["integrator"],
        [("post", "/api/workforce/workers/{worker_id}/training")] = ["integrator"],
        [("get", "/api/workforce/workers/{worker_id}")] = ["integrator"],
        [("get", "/api/workforce/workers")] = ["integrator"],
        [("post", "/api/workforce/workers/{worker_id}/status")] = ["integrator"],
        [("post", "/api/workforce/workers/{worker_id}/leaving")] = ["integrator"],
        [("post", "/api/workforce/available-workers/search")] = ["integrator"],
        [("post", "/api/workforce/workers/{worker_id}/reservations")] = ["integrator"],
        [("post", "/api/workforce/reservations/release")] = ["integrator"],
        [("get", "/api/workforce/audit-records")] = ["admin"],
        [("post", "/api/supervision/organisations")] = ["admin"],
        [("get", "/api/supervision/organisations")] = ["admin"],
        [("get", "/api/supervision/organisations/{organisation_id}")] = ["admin"],
        [("post", "/api/supervision/organisations/{organisation_id}/deactivate")] = ["admin"],
        [("get", "/api/supervision/audit-records")] = ["admin"],
        [("post", "/api/supervision/supervisors")] = Partners,
        [("get", "/api/supervision/supervisors")] = Partners,
        [("get", "/api/supervision/supervisors/{supervisor_id}")] = Partners,
        [("post", "/api/supervision/supervisors/{supervisor_id}/training")] = Partners,
        [("post", "/api/supervision/supervisors/{supervisor_id}/deactivate")] = Partners,
        [("get", "/api/supervision/workers")] = ["integrator"],
        [("post", "/api/supervision/agreements")] = ["integrator"],
        [("get", "/api/supervision/agreements")] = TrustOrPartners,
        [("get", "/api/supervision/agreements/{agreement_id}")] = TrustOrPartners,
        [("post", "/api/supervision/agreements/{agreement_id}/end")] = ["integrator"],
        [("post", "/api/supervision/sessions")] = Partners,
        [("get", "/api/supervision/sessions")] = TrustOrPartners,
        [("get", "/api/supervision/sessions/{session_id}")] = TrustOrPartners,
        [("post", "/api/supervision/sessions/{session_id}/held")] = Partners,
        [("post", "/api/supervision/sessions/{session_id}/cancel")] = Partners,
        [("post", "/api/supervision/sessions/{session_id}/missed")] = Partners,
        [("post", "/api/supervision/sessions/{session_id}/actions/{action_id}/complete")] = Partners,
        [("post", "/api/supervision/concerns")] = Partners,
        [("get", "/api/supervision/concerns")] = TrustOrPartners,
        [("get", "/api/supervision/concerns/{concern_id}")] = TrustOrPartners,
        [("post", "/api/supervision/concerns/{concern_id}/acknowledge")] = ["integrator"],
        [("get", "/api/supervision/compliance/workers/{worker_id}")] = Figures,
        [("get", "/api/supervision/compliance/overdue")] = Figures,
        [("get", "/api/supervision/compliance/rates")] = Figures,
        [("get", "/api/referrals/dead-letters")] = ["operator"],
        [("post", "/api/referrals/dead-letters/redrive")] = ["operator"],
        [("get", "/api/workforce/dead-letters")] = ["operator"],
        [("post", "/api/workforce/dead-letters/redrive")] = ["operator"],
        [("get", "/api/supervision/dead-letters")] = ["operator"],
        [("post", "/api/supervision/dead-letters/redrive")] = ["operator"],
        [("get", "/api/outcomes/dead-letters")] = ["operator"],
        [("post", "/api/outcomes/dead-letters/redrive")] = ["operator"],
        [("post", "/api/webhooks/subscriptions")] = TrustOrPartners,
        [("get", "/api/webhooks/subscriptions")] = Webhooks,
        [("get", "/api/webhooks/subscriptions/{subscription_id}")] = Webhooks,
        [("patch", "/api/webhooks/subscriptions/{subscription_id}")] = TrustOrPartners,
        [("delete", "/api/webhooks/subscriptions/{subscription_id}")] = TrustOrPartners,
        [("post", "/api/webhooks/subscriptions/{subscription_id}/rotate-secret")] = TrustOrPartners,
        [("get", "/api/webhooks/subscriptions/{subscription_id}/deliveries")] = Webhooks,
        [("post", "/api/webhooks/subscriptions/{subscription_id}/deliveries/{delivery_id}/resend")] = Webhooks,
        [("get", "/api/webhooks/event-types")] = Webhooks,
        [("get", "/api/events")] = TrustOrPartners,
    };

    [Fact]
    public async Task Every_rest_route_answers_each_caller_as_the_matrix_says()
    {
        var document = (await suite.Rest.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var published = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Verb: operation.Key, Template: path.Key)))
            .ToHashSet();
        Assert.Empty(published.Except(Matrix.Keys));   // a new route must join the matrix
        Assert.Empty(Matrix.Keys.Except(published));   // and the matrix holds no stale routes

        var (referralId, clientId) = await CreateReferralAsync();
        var tokens = await CallerTokensAsync();
        var failures = new List<string>();
        foreach (var (verb, template) in Matrix.Keys)
        {
            var allowed = Allowed((verb, template));
            var path = System.Text.RegularExpressions.Regex.Replace(
                template.Replace("{referral_id}", referralId).Replace("{client_id}", clientId), "{[a-z_]+}", Guid.NewGuid().ToString());
            foreach (var caller in Unauthenticated.Concat(Roles))
            {
                using var client = suite.RestWithToken(tokens[caller]);
                using var request = new HttpRequestMessage(new HttpMethod(verb.ToUpperInvariant()), path);
                if (verb is "post" or "patch")
                {
                    request.Content = JsonContent.Create(template == "/api/referrals" ? (object)ReferralPayloads.Json(ReferralSource.Self) : new { });
                }

                using var response = await client.SendAsync(request);
                var status = response.StatusCode;
                var ok = Unauthenticated.Contains(caller) ? status == HttpStatusCode.Unauthorized
                    : allowed.Contains(caller) ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests)
                    : status == Forbidden;
                if (!ok)
                {
                    failures.Add($"{verb.ToUpperInvariant()} {template} as {caller}: got {(int)status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The published gRPC services; each method is allowed to whoever may call its REST twin in <see cref="Matrix"/>.</summary>
    internal static readonly Google.Protobuf.Reflection.ServiceDescriptor[] PublishedGrpcServices =
    [
        ReferralService.Descriptor,
        ReferralAuditService.Descriptor,
        ClientRecordsService.Descriptor,
        OutcomesService.Descriptor,
        SupervisionReportService.Descriptor,
        OutcomesDataService.Descriptor,
        PeerPlatform.Contracts.Workforce.V1.WorkforceService.Descriptor,
        PeerPlatform.Contracts.Supervision.V1.SupervisionService.Descriptor,
        PeerPlatform.Contracts.Supervision.V1.PartnerOrganisationService.Descriptor,
        PeerPlatform.Contracts.Supervision.V1.SupervisionAuditService.Descriptor,
        PeerPlatform.Contracts.Workforce.V1.WorkforceAuditService.Descriptor,
        OutcomesAuditService.Descriptor,
        ReferralDeadLetterService.Descriptor,
        PeerPlatform.Contracts.Workforce.V1.WorkforceDeadLetterService.Descriptor,
        PeerPlatform.Contracts.Supervision.V1.SupervisionDeadLetterService.Descriptor,
        OutcomesDeadLetterService.Descriptor,
        PeerPlatform.Contracts.Integrations.V1.WebhookService.Descriptor,
        PeerPlatform.Contracts.Integrations.V1.EventFeedService.Descriptor,
    ];

    internal static string[] AllowedRolesOf(Google.Protobuf.Reflection.MethodDescriptor rpc)
    {
        var http = rpc.GetOptions().GetExtension(Google.Api.AnnotationsExtensions.Http);
        var route = http.PatternCase switch
        {
            Google.Api.HttpRule.PatternOneofCase.Get => ("get", http.Get),
            Google.Api.HttpRule.PatternOneofCase.Post => ("post", http.Post),
            Google.Api.HttpRule.PatternOneofCase.Patch => ("patch", http.Patch),
            Google.Api.HttpRule.PatternOneofCase.Delete => ("delete", http.Delete),
            _ => throw new InvalidOperationException($"{rpc.FullName}: add its HTTP verb here"),
        };
        return Allowed(route);
    }

    [Fact]
    public async Task Every_native_grpc_method_answers_each_caller_as_its_policy_says()
    {
        // Every service the gateway publishes (the OpenAPI tags) is in the table.
        var document = (await suite.Rest.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var publishedServices = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>());
        Assert.Equal(publishedServices.Order(), PublishedGrpcServices.Select(s => s.FullName).Order());

        // Each method is called with an empty request message: authorization comes first, so an
        // allowed caller gets past it (then validation or lookup answers), anyone else does not.
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var invoker = suite.Grpc.CreateCallInvoker();
        var options = new Dictionary<string, CallOptions> { ["anonymous"] = new() };
        var tokens = await CallerTokensAsync();
        foreach (var role in Roles)
        {
            options[role] = new CallOptions(new Metadata { { "Authorization", "Bearer " + tokens[role] } });
        }

        var failures = new List<string>();
        foreach (var service in PublishedGrpcServices)
        {
            foreach (var rpc in service.Methods)
            {
                var allowed = AllowedRolesOf(rpc);
                var method = new Method<byte[], byte[]>(MethodType.Unary, service.FullName, rpc.Name, bytes, bytes);
                foreach (var (caller, callOptions) in options)
                {
                    var status = await StatusOf(() => invoker.AsyncUnaryCall(method, null, callOptions, []).ResponseAsync);
                    var ok = caller == "anonymous" ? status == StatusCode.Unauthenticated
                        : allowed.Contains(caller) ? status is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Internal or StatusCode.Unimplemented or StatusCode.Unavailable)
                        : status == StatusCode.PermissionDenied;
                    if (!ok)
                    {
                        failures.Add($"{service.Name}/{rpc.Name} as {caller}: {status}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Identity_headers_sent_by_a_caller_grant_nothing()
    {
        var (_, clientId) = await CreateReferralAsync();
        using var anonymous = suite.RestWithToken(null);
        anonymous.DefaultRequestHeaders.Add("X-Peer-Role", "integrator");
        anonymous.DefaultRequestHeaders.Add("X-Peer-Client", "trust-integrator");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/clients/{clientId}")).StatusCode);

        using var @operator = await suite.RestAsAsync("operator");
        @operator.DefaultRequestHeaders.Add("X-Peer-Role", "integrator");
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.GetAsync($"/api/clients/{clientId}")).StatusCode);
    }

    [Fact]
    public async Task An_oversized_request_body_is_refused_at_the_gateway()
    {
        using var integrator = await suite.RestAsAsync("integrator");
        var reason = new string('x', 1024 * 1024 + 1);
        var response = await integrator.PostAsJsonAsync("/api/referrals", new { reason });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_burst_from_one_client_is_limited_while_another_client_is_served()
    {
        using var burst = await suite.RestAsAsync("burst");
        using var integrator = await suite.RestAsAsync("integrator");

        var responses = await Task.WhenAll(Enumerable.Range(0, 250).Select(_ => burst.GetAsync("/api/outcomes/summary")));
        var other = await integrator.GetAsync("/api/outcomes/summary");

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(limited, r => Assert.True(int.Parse(r.Headers.GetValues("Retry-After").Single()) >= 1));
        await ErrorShapeThroughGatewayTests.AssertStatusBodyAsync(limited[0], code: 8, "RESOURCE_EXHAUSTED");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Workforce_and_Outcomes_serve_their_audit_trails_to_administrators_only()
    {
        using var integrator = await suite.RestAsAsync("integrator");
        var team = await TrustSystem.OkAsync(integrator, "/api/workforce/teams", new { name = "Audited team", locality = "audit-" + Guid.NewGuid().ToString("N")[..8], serviceLine = "SERVICE_LINE_ADULT_COMMUNITY" });
        var vacancy = await TrustSystem.OkAsync(integrator, "/api/workforce/vacancies", new { teamId = team["teamId"]!.GetValue<string>(), contractedHours = 30, closingDate = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd") });
        var applicantId = (await TrustSystem.OkAsync(integrator, $"/api/workforce/vacancies/{vacancy["vacancyId"]}/applicants", new { givenName = "Ari", familyName = "Moss", declaresLivedExperience = true }))["applicantId"]!.GetValue<string>();
        await TrustSystem.GetOkAsync(integrator, $"/api/workforce/applicants/{applicantId}");
        var clientId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/api/outcomes/hospital-spells?clientId={clientId}")).StatusCode);

        using var admin = await suite.RestAsAsync("admin");
        async Task<List<(string Client, string Type, string Action)>> TrailAsync(string path) =>
            (await TrustSystem.GetOkAsync(admin, path))["records"]?.AsArray()
                .Select(r => (r!["clientId"]!.GetValue<string>(), r["recordType"]!.GetValue<string>(), r["action"]!.GetValue<string>())).ToList() ?? [];

        // Reads are committed in groups (decision 0012): give them a moment.
        await TrustSystem.EventuallyAsync(async () => (await TrailAsync($"/api/workforce/audit-records?recordId={applicantId}")).Contains(("trust-integrator", "Applicant", "READ")),
            "Workforce's trail shows the applicant read");
        await TrustSystem.EventuallyAsync(async () => (await TrailAsync($"/api/outcomes/audit-records?recordId={Uri.EscapeDataString("client:" + clientId)}")).Contains(("trust-integrator", "HospitalSpell", "LIST")),
            "Outcomes' trail shows the hospital spells listed");

        // A period filter; one that ends before it starts is bad input, named.
        Assert.Contains(("trust-integrator", "Applicant", "READ"), await TrailAsync(
            $"/api/workforce/audit-records?recordId={applicantId}&occurredFrom={DateTime.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}&occurredTo={DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}"));
        Assert.Empty(await TrailAsync($"/api/workforce/audit-records?recordId={applicantId}&occurredTo={DateTime.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}"));
        using var backwards = await admin.GetAsync("/api/workforce/audit-records?occurredFrom=2026-01-02T00:00:00Z&occurredTo=2026-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("occurred", await backwards.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // Nobody else reads a trail.
        foreach (var who in new[] { "integrator", "operator", "partner-a" })
        {
            using var other = await suite.RestAsAsync(who);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/workforce/audit-records")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/outcomes/audit-records")).StatusCode);
        }
    }

    [Fact]
    public async Task Reads_of_a_client_are_audited_one_for_one_and_a_refused_read_is_audited_too()
    {
        var (_, clientId) = await CreateReferralAsync();
        using var integrator = await suite.RestAsAsync("integrator");
        const int reads = 4;
        for (var i = 0; i < reads; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/api/clients/{clientId}")).StatusCode);
        }

        // Services check again: an operator token presented to the Referral service directly (it
        // listens on loopback) is refused there, and the refusal lands in the trail.
        using var direct = new HttpClient { BaseAddress = suite.App.GetEndpoint("referral", "http") };
        direct.DefaultRequestHeaders.Authorization = new("Bearer", await suite.TokenAsync("operator"));
        Assert.Equal(HttpStatusCode.Forbidden, (await direct.GetAsync($"/api/clients/{clientId}")).StatusCode);

        using var admin = await suite.RestAsAsync("admin");
        var trail = (await admin.GetFromJsonAsync<JsonObject>($"/api/referrals/audit-records?recordId={clientId}"))!["records"]!.AsArray()
            .Select(r => (Client: r!["clientId"]!.GetValue<string>(), Action: r["action"]!.GetValue<string>(), Outcome: r["outcome"]!.GetValue<string>()))
            .ToList();

        Assert.Equal(reads, trail.Count(r => r is ("trust-integrator", "READ", "SUCCEEDED")));
        Assert.Single(trail, r => r is ("platform-operator", "READ", "DENIED"));
        Assert.Single(trail, r => r is ("trust-integrator", "CREATE", "SUCCEEDED"));
    }

    private static async Task<StatusCode> StatusOf(Func<Task<byte[]>> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    private async Task<Dictionary<string, string?>> CallerTokensAsync()
    {
        var issuer = $"http://localhost:{suite.GatewayHttpPort}/";
        var expired = await suite.RequestTokenAsync("short-lived");
        var tokens = new Dictionary<string, string?>
        {
            ["anonymous"] = null,
            ["foreign-key"] = ForgedTokens.SignedWithForeignKey(issuer),
            ["alg-none"] = ForgedTokens.Unsigned(issuer),
        };
        foreach (var role in Roles.Except(People.Keys))
        {
            tokens[role] = await suite.TokenAsync(role);
        }

        foreach (var (person, token) in await PeopleTokensAsync())
        {
            tokens[person] = token;
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // the short-lived token lives two seconds
        tokens["expired"] = expired;
        return tokens;
    }

    private static Task<Dictionary<string, string>>? peopleTokens;

    /// <summary>The people's access tokens, from signing in as the portal does (once per suite).</summary>
    private Task<Dictionary<string, string>> PeopleTokensAsync() => peopleTokens ??= SignInPeopleAsync();

    private async Task<Dictionary<string, string>> SignInPeopleAsync()
    {
        using var admin = await suite.RestAsAsync("admin");
        var workerEmail = $"matrix-worker-{Guid.NewGuid():N}@test.example";
        var created = await admin.PostAsJsonAsync("/api/identity/people", new
        {
            email = workerEmail,
            displayName = "Matrix worker",
            personRole = "peer-worker",
            workerId = Guid.NewGuid().ToString(),
            temporaryPassword = "matrix-worker-password",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return new Dictionary<string, string>
        {
            ["supervisor-a"] = (await Portal.PersonTokens.SignInAsync(suite.GatewayHttpPort, "supervisor@mind-north.example", "dev-supervisor-password")).AccessToken,
            ["staff"] = (await Portal.PersonTokens.SignInAsync(suite.GatewayHttpPort, "staff@trust.example", "dev-trust-staff-password")).AccessToken,
            ["worker"] = (await Portal.PersonTokens.SignInAsync(suite.GatewayHttpPort, workerEmail, "matrix-worker-password")).AccessToken,
        };
    }

    private async Task<(string ReferralId, string ClientId)> CreateReferralAsync()
    {
        using var integrator = await suite.RestAsAsync("integrator");
        var response = await integrator.PostAsJsonAsync("/api/referrals", ReferralPayloads.Json(ReferralSource.Self));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (created["referralId"]!.GetValue<string>(), created["clientId"]!.GetValue<string>());
    }

}
