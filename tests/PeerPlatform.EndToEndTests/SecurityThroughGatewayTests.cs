using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Grpc.Core;
using PeerPlatform.Contracts.Audit.V1;
using PeerPlatform.Contracts.Outcomes.V1;
using PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.EndToEndTests;

/// <summary>The security model, seen from outside: through the gateway, as each kind of caller.</summary>
[Collection(SuiteCollection.Name)]
public sealed class SecurityThroughGatewayTests(SuiteFixture suite)
{
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;

    /// <summary>Callers whose token is missing or invalid: every route answers 401.</summary>
    private static readonly string[] Unauthenticated = ["anonymous", "expired", "foreign-key", "alg-none"];

    private static readonly string[] Roles = ["integrator", "partner-a", "partner-b", "operator", "admin"];

    /// <summary>
    /// The authorization matrix: every REST operation the gateway publishes, and what each role
    /// gets. It grows with every feature; an operation missing here fails the test. Partner
    /// organisation A against B's records joins when partner-scoped records exist (Supervision).
    /// </summary>
    private static readonly Dictionary<(string Verb, string Template), Dictionary<string, HttpStatusCode>> Matrix = new()
    {
        [("post", "/api/referrals")] = Expect(integrator: Ok),
        [("get", "/api/referrals/{referral_id}")] = Expect(integrator: Ok),
        [("get", "/api/clients/{client_id}")] = Expect(integrator: Ok),
        [("get", "/api/referrals/audit-records")] = Expect(admin: Ok),
        [("get", "/api/outcomes/summary")] = Expect(integrator: Ok, @operator: Ok),
    };

    private static Dictionary<string, HttpStatusCode> Expect(
        HttpStatusCode integrator = Forbidden, HttpStatusCode partner = Forbidden, HttpStatusCode @operator = Forbidden, HttpStatusCode admin = Forbidden) => new()
        {
            ["integrator"] = integrator,
            ["partner-a"] = partner,
            ["partner-b"] = partner,
            ["operator"] = @operator,
            ["admin"] = admin,
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
        foreach (var ((verb, template), expected) in Matrix)
        {
            var path = template.Replace("{referral_id}", referralId).Replace("{client_id}", clientId);
            foreach (var caller in Unauthenticated.Concat(Roles))
            {
                using var client = suite.RestWithToken(tokens[caller]);
                using var request = new HttpRequestMessage(new HttpMethod(verb.ToUpperInvariant()), path);
                if (verb == "post")
                {
                    request.Content = JsonContent.Create(ReferralJson());
                }

                using var response = await client.SendAsync(request);
                var want = Unauthenticated.Contains(caller) ? HttpStatusCode.Unauthorized : expected[caller];
                if (response.StatusCode != want)
                {
                    failures.Add($"{verb.ToUpperInvariant()} {template} as {caller}: expected {(int)want}, got {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_native_grpc_method_answers_each_caller_as_its_policy_says()
    {
        var (referralId, clientId) = await CreateReferralAsync();
        var referrals = new ReferralService.ReferralServiceClient(suite.Grpc);
        var audit = new ReferralAuditService.ReferralAuditServiceClient(suite.Grpc);
        var outcomes = new OutcomesService.OutcomesServiceClient(suite.Grpc);
        var calls = new Dictionary<string, (Func<CallOptions, Task> Call, string[] Allowed)>
        {
            ["ReferralService/CreateReferral"] = (o => referrals.CreateReferralAsync(GrpcReferral(), o).ResponseAsync, ["integrator"]),
            ["ReferralService/GetReferral"] = (o => referrals.GetReferralAsync(new GetReferralRequest { ReferralId = referralId }, o).ResponseAsync, ["integrator"]),
            ["ReferralService/GetClient"] = (o => referrals.GetClientAsync(new GetClientRequest { ClientId = clientId }, o).ResponseAsync, ["integrator"]),
            ["ReferralAuditService/ListAuditRecords"] = (o => audit.ListAuditRecordsAsync(new ListAuditRecordsRequest(), o).ResponseAsync, ["admin"]),
            ["OutcomesService/GetSummary"] = (o => outcomes.GetSummaryAsync(new GetSummaryRequest(), o).ResponseAsync, ["integrator", "operator"]),
        };
        var published = new[] { ReferralService.Descriptor, ReferralAuditService.Descriptor, OutcomesService.Descriptor }
            .SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}"));
        Assert.Equal(published.Order(), calls.Keys.Order());

        var failures = new List<string>();
        foreach (var (method, (call, allowed)) in calls)
        {
            var anonymous = await StatusOf(() => call(new CallOptions()));
            if (anonymous != StatusCode.Unauthenticated)
            {
                failures.Add($"{method} without a token: {anonymous}");
            }

            foreach (var role in Roles)
            {
                var options = await suite.GrpcAsAsync(role);
                var status = await StatusOf(() => call(options));
                var want = allowed.Contains(role) ? StatusCode.OK : StatusCode.PermissionDenied;
                if (status != want)
                {
                    failures.Add($"{method} as {role}: expected {want}, got {status}");
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

        var responses = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => burst.GetAsync("/api/outcomes/summary")));
        var other = await integrator.GetAsync("/api/outcomes/summary");

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(limited, r => Assert.True(int.Parse(r.Headers.GetValues("Retry-After").Single()) >= 1));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
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

    private static async Task<StatusCode> StatusOf(Func<Task> call)
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
        foreach (var role in Roles)
        {
            tokens[role] = await suite.TokenAsync(role);
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // the short-lived token lives two seconds
        tokens["expired"] = expired;
        return tokens;
    }

    private async Task<(string ReferralId, string ClientId)> CreateReferralAsync()
    {
        using var integrator = await suite.RestAsAsync("integrator");
        var response = await integrator.PostAsJsonAsync("/api/referrals", ReferralJson());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (created["referralId"]!.GetValue<string>(), created["clientId"]!.GetValue<string>());
    }

    private static object ReferralJson() => new
    {
        client = new { givenName = "Sam", familyName = "Lee", dateOfBirth = "1975-05-05", nhsNumber = "4010232137" },
        source = "REFERRAL_SOURCE_SELF",
        reason = "Asked for peer support.",
    };

    private static CreateReferralRequest GrpcReferral() => new()
    {
        Client = new NewClient { GivenName = "Sam", FamilyName = "Lee", DateOfBirth = "1975-05-05", NhsNumber = "4010232137" },
        Source = ReferralSource.Self,
        Reason = "Asked for peer support.",
    };
}
