using System.Net;
using System.Net.Sockets;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// Security events as operators query them: refusals at the gateway and refused token requests at
/// Identity, logged under one category and exported like every other log (here to the test's OTLP
/// receiver, in a run to the Aspire dashboard), and the per-client limit on failed authentications.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SecurityEventTests(SuiteFixture suite)
{
    private const string Category = "PeerPlatform.Security";

    /// <summary>Identity's default allowance of failed authentications per client id and window (Identity:FailedTokenRequests:PerClient).</summary>
    private const int FailuresAllowed = 10;

    [Fact]
    public async Task Refusals_at_the_gateway_are_security_events_with_route_policy_client_address_and_trace()
    {
        var clientRecord = $"/api/clients/{Guid.NewGuid()}";
        using var anonymous = suite.RestWithToken(null);
        var unauthenticated = await anonymous.GetAsync(clientRecord);
        using var @operator = await suite.RestAsAsync("operator");
        var forbidden = await @operator.GetAsync(clientRecord);
        // More than the burst the suite allows one client (80) at once.
        using var burst = await suite.RestAsAsync("burst");
        var responses = await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => burst.GetAsync("/api/outcomes/summary")));
        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var noToken = await GatewayEventAsync(unauthenticated);
        Assert.Equal(("401", "no_token", "clients-rest", "integrator", ""), Fields(noToken));
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(noToken.Attributes["SourceAddress"])), noToken.Attributes["SourceAddress"]);
        Assert.Equal(("403", "role_not_permitted", "clients-rest", "integrator", "platform-operator"), Fields(await GatewayEventAsync(forbidden)));
        Assert.Equal(("429", "rate_limited", "outcomes-rest", "reports", "test-burst-operator"), Fields(await GatewayEventAsync(limited)));

        // No token, and not the path (it can name a record), in any exported log.
        Assert.False(suite.Telemetry.Contains("logs", await suite.TokenAsync("operator")), "a token reached the logs");
        Assert.False(suite.Telemetry.Contains("logs", clientRecord), "the refused path reached the logs");
        // Let the burst client's bucket fill again for the other tests.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task A_refused_token_request_is_a_security_event_naming_the_client_and_address_but_never_the_secret()
    {
        const string secret = "zqx-wrong-secret-marker-0001";
        using var caller = FromAddress("127.0.0.7");
        var response = await caller.PostAsync("/connect/token", Form(DevelopmentClients.Admin.ClientId, secret));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var unknown = await caller.PostAsync("/connect/token", Form("zqx-nobody", "whatever-secret-value"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        var refused = await IdentityEventAsync(r => r.Attributes.GetValueOrDefault("ClientId") == DevelopmentClients.Admin.ClientId
                                                     && r.Attributes.GetValueOrDefault("SourceAddress") == "127.0.0.7");
        Assert.Equal("invalid_client", refused.Attributes["Error"]);
        Assert.Equal("401", refused.Attributes["Status"]);
        Assert.Equal(TraceId(response), refused.Attributes["TraceId"]);
        var unknownClient = await IdentityEventAsync(r => r.Attributes.GetValueOrDefault("ClientId") == "zqx-nobody");
        Assert.Equal("127.0.0.7", unknownClient.Attributes["SourceAddress"]);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(suite.Telemetry.Contains("logs", secret), "the secret reached the logs");
    }

    [Fact]
    public async Task Failed_authentications_of_one_client_id_are_limited_whatever_address_they_come_from()
    {
        var client = SuiteFixture.LimitedClient;
        for (var i = 0; i < FailuresAllowed; i++)
        {
            using var guesser = FromAddress($"127.0.0.{20 + i}");
            var guess = await guesser.PostAsync("/connect/token", Form(client.ClientId, $"wrong-secret-guess-{i:D4}"));
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        // From an address that has made no request, even the right secret is refused for now.
        using var fresh = FromAddress("127.0.0.40");
        var refused = await fresh.PostAsync("/connect/token", Form(client.ClientId, client.Secret));
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Contains("temporarily_unavailable", body);
        Assert.DoesNotContain("access_token", body);

        // Another client from the same address is served: the limit is the client id's.
        Assert.True((await DevelopmentClients.Integrator.RequestTokenAsync(fresh)).Succeeded);
        var limitedEvent = await IdentityEventAsync(r => r.Attributes.GetValueOrDefault("ClientId") == client.ClientId && r.Attributes.GetValueOrDefault("Status") == "429");
        Assert.Equal("127.0.0.40", limitedEvent.Attributes["SourceAddress"]);
    }

    private static (string Status, string Reason, string Route, string Policy, string ClientId) Fields(ExportedLogRecord record) =>
        (record.Attributes["Status"], record.Attributes["Reason"], record.Attributes["Route"], record.Attributes["Policy"], record.Attributes["ClientId"]);

    private static FormUrlEncodedContent Form(string clientId, string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
    });

    /// <summary>The trace id the gateway answered under (its traceresponse header).</summary>
    private static string TraceId(HttpResponseMessage response) => response.Headers.GetValues("traceresponse").Single().Split('-')[1];

    private Task<ExportedLogRecord> GatewayEventAsync(HttpResponseMessage refused)
    {
        var traceId = TraceId(refused);
        return EventAsync(r => r.Service == "gateway" && r.Attributes.GetValueOrDefault("TraceId") == traceId, $"the gateway's event for trace {traceId}");
    }

    private Task<ExportedLogRecord> IdentityEventAsync(Func<ExportedLogRecord, bool> match) =>
        EventAsync(r => r.Service == "identity" && match(r), "Identity's event");

    private async Task<ExportedLogRecord> EventAsync(Func<ExportedLogRecord, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (suite.Telemetry.LogRecords().FirstOrDefault(r => r.Category == Category && match(r)) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what} under {Category}");
            await Task.Delay(200);
        }
    }

    /// <summary>A client of the gateway whose connections come from <paramref name="address"/> (any 127.x address is the loopback's).</summary>
    private HttpClient FromAddress(string address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri($"http://localhost:{suite.GatewayHttpPort}"),
        Timeout = TimeSpan.FromSeconds(30),
    };
}
