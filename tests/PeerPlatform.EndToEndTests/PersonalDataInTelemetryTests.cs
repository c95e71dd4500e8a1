using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// Plants marker values in every personal field, drives the main flows (including refused and
/// invalid requests), and searches everything the suite exported over OTLP (spans, logs, metrics)
/// for them. A positive control proves the search would find what is there.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class PersonalDataInTelemetryTests(SuiteFixture suite)
{
    private const string GivenName = "Zqxgivenmarker";
    private const string FamilyName = "Zqxfamilymarker";
    private const string DateOfBirth = "1931-07-29";
    private const string NhsNumber = "9990000018";
    private const string Reason = "zqx reason marker: history of psychosis";
    private const string Referrer = "Zqx Referrer Marker";

    [Fact]
    public async Task Names_birth_dates_nhs_numbers_and_free_text_never_reach_logs_metrics_or_spans()
    {
        using var integrator = await suite.RestAsAsync("integrator");
        var body = new
        {
            client = new { givenName = GivenName, familyName = FamilyName, dateOfBirth = DateOfBirth, nhsNumber = NhsNumber },
            source = "REFERRAL_SOURCE_CARER",
            referrer = new { name = Referrer, organisation = "Zqx Org Marker", role = "Carer" },
            reason = Reason,
        };
        var created = (await (await integrator.PostAsJsonAsync("/api/referrals", body)).Content.ReadFromJsonAsync<JsonObject>())!;
        var referralId = created["referralId"]!.GetValue<string>();
        var clientId = created["clientId"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/api/referrals/{referralId}")).StatusCode);
        var client = (await integrator.GetFromJsonAsync<JsonObject>($"/api/clients/{clientId}"))!;
        Assert.Equal(FamilyName, client["familyName"]!.GetValue<string>());

        // Over native gRPC too, and requests that fail: a wrong NHS number, a refused caller.
        var referrals = new ReferralService.ReferralServiceClient(suite.Grpc);
        // The same person again is refused (naming the existing client id), then linked by that id.
        var grpcOptions = await suite.GrpcAsAsync("integrator");
        var duplicate = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => referrals.CreateReferralAsync(new CreateReferralRequest
        {
            Client = new NewClient { GivenName = GivenName, FamilyName = FamilyName, DateOfBirth = DateOfBirth, NhsNumber = NhsNumber },
            Source = ReferralSource.Self,
            Reason = Reason,
        }, grpcOptions).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Contains(clientId, duplicate.Status.Detail);
        await referrals.CreateReferralAsync(new CreateReferralRequest { ClientId = clientId, Source = ReferralSource.Self, Reason = Reason }, await suite.GrpcAsAsync("integrator"));
        var invalid = await integrator.PostAsJsonAsync("/api/referrals", new
        {
            client = new { givenName = GivenName, familyName = FamilyName, dateOfBirth = "29/07/" + FamilyName, nhsNumber = "99900000" + "19" },
            source = "REFERRAL_SOURCE_CARER",
            reason = Reason,
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        // Query strings can name people (a worker, a client); no span may carry one, whatever
        // the development environment sets (Aspire asks OpenTelemetry not to redact them).
        var queriedWorker = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/api/referrals?workerId={queriedWorker}")).StatusCode);

        // Through the FHIR facade: a search naming the NHS number in its URL, a read, and a
        // resource refused with the marker values in it.
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/fhir/Patient?identifier={Uri.EscapeDataString("https://fhir.nhs.uk/Id/nhs-number|" + NhsNumber)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/fhir/Patient/{clientId}")).StatusCode);
        var badFhir = new StringContent(
            $$"""{"resourceType":"ServiceRequest","status":"active","intent":"order","subject":{"reference":"#p"},"reasonCode":[{"text":"{{Reason}}"}],"contained":[{"resourceType":"Patient","id":"p","name":[{"family":"{{FamilyName}}","given":["{{GivenName}}"]}],"birthDate":"{{DateOfBirth}}","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000019"}]}]}""",
            System.Text.Encoding.UTF8, "application/fhir+json");
        Assert.Equal(HttpStatusCode.BadRequest, (await integrator.PostAsync("/fhir/ServiceRequest", badFhir)).StatusCode);

        using var @operator = await suite.RestAsAsync("operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.GetAsync($"/api/clients/{clientId}")).StatusCode);

        // The exporters batch every 200 ms; wait until the gateway's span for the last read is in.
        await EventuallyAsync(() => suite.Telemetry.Contains("traces", $"/api/clients/{clientId}"), "spans for the requests were exported");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.True(suite.Telemetry.Count("logs") > 0, "no logs were exported: the search below would prove nothing");
        Assert.True(suite.Telemetry.Contains("traces", referralId), "positive control: the referral id is in the spans");
        foreach (var marker in new[] { GivenName, FamilyName, DateOfBirth, NhsNumber, Reason, "zqx reason", Referrer, "Zqx Org Marker", "9990000019", queriedWorker })
        {
            foreach (var signal in new[] { "traces", "logs", "metrics" })
            {
                Assert.False(suite.Telemetry.Contains(signal, marker), $"'{marker}' found in exported {signal}");
            }
        }
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(200);
        }
    }
}
