using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// One error body everywhere: the gateway's own refusals (no token, a role not allowed, an
/// unknown route, a body too large, the rate limit in SecurityThroughGatewayTests) and the
/// services' answers are all google.rpc.Status JSON naming the trace to quote.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ErrorShapeThroughGatewayTests(SuiteFixture suite)
{
    /// <summary>Checks the body is google.rpc.Status with the code and a RequestInfo naming the answer's own trace.</summary>
    internal static async Task<JsonObject> AssertStatusBodyAsync(HttpResponseMessage response, int code, string? reason = null)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(code, body["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["message"]?.GetValue<string>()));
        var details = body["details"]!.AsArray().Select(d => d!.AsObject()).ToList();
        var traceId = response.Headers.GetValues("traceresponse").Single().Split('-')[1];
        Assert.Contains(details, d => d["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.RequestInfo" && d["requestId"]!.GetValue<string>() == traceId);
        if (reason is not null)
        {
            Assert.Contains(details, d => d["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.ErrorInfo" && d["reason"]!.GetValue<string>() == reason);
        }

        return body;
    }

    [Fact]
    public async Task The_gateways_own_refusals_have_the_services_error_body_with_the_trace_id()
    {
        using var anonymous = suite.RestWithToken(null);
        await AssertStatusBodyAsync(await anonymous.GetAsync("/api/referrals"), 16, "UNAUTHENTICATED");

        using var @operator = await suite.RestAsAsync("operator");
        await AssertStatusBodyAsync(await @operator.GetAsync($"/api/clients/{Guid.NewGuid()}"), 7, "PERMISSION_DENIED");

        using var integrator = await suite.RestAsAsync("integrator");
        await AssertStatusBodyAsync(await integrator.GetAsync("/api/no-such-thing"), 5, "NOT_FOUND");

        using var tooLarge = await integrator.PostAsJsonAsync("/api/referrals", new { reason = new string('x', 1024 * 1024 + 1) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        await AssertStatusBodyAsync(tooLarge, 3, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task A_services_refusal_has_the_same_body_and_names_the_same_trace()
    {
        using var integrator = await suite.RestAsAsync("integrator");
        using var invalid = await integrator.PostAsJsonAsync("/api/referrals", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var body = await AssertStatusBodyAsync(invalid, 3);
        Assert.Contains(body["details"]!.AsArray(), d => d!["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.BadRequest");

        using var missing = await integrator.GetAsync($"/api/referrals/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await AssertStatusBodyAsync(missing, 5);

        // A role the gateway lets through but the service refuses (operators read subscriptions, never create one).
        using var @operator = await suite.RestAsAsync("operator");
        using var refused = await @operator.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = "https://receiver.example/hooks", eventTypes = new[] { "referral.received" } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await AssertStatusBodyAsync(refused, 7, "PERMISSION_DENIED");
    }
}
