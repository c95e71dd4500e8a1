using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using PeerPlatform.Contracts.Outcomes.V1;
using PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.EndToEndTests;

/// <summary>The vertical slice: a referral enters through the gateway and Outcomes counts it.</summary>
[Collection(SuiteCollection.Name)]
public sealed class ReferralThroughGatewayTests(SuiteFixture suite)
{
    private Task<HttpClient> Integrator() => suite.RestAsAsync("integrator");

    [Fact]
    public async Task A_referral_posted_over_rest_is_readable_and_counted_by_outcomes()
    {
        var before = await SourceCountAsync("partner_organisation");
        var rest = await Integrator();

        var response = await rest.PostAsJsonAsync("/api/referrals", ReferralPayloads.Json(ReferralSource.PartnerOrganisation, priority: ReferralPriority.Routine));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var referralId = created["referralId"]!.GetValue<string>();
        Assert.True(Guid.TryParse(referralId, out _));
        Assert.Equal("REFERRAL_STATUS_RECEIVED", created["status"]!.GetValue<string>());

        var read = (await rest.GetFromJsonAsync<JsonObject>($"/api/referrals/{referralId}"))!;
        Assert.Equal(referralId, read["referralId"]!.GetValue<string>());
        Assert.Equal("REFERRAL_SOURCE_PARTNER_ORGANISATION", read["source"]!.GetValue<string>());
        Assert.Single(read["history"]!.AsArray());

        await EventuallyAsync(async () => await SourceCountAsync("partner_organisation") == before + 1, "Outcomes counts the new referral");
    }

    [Fact]
    public async Task A_referral_created_over_native_grpc_is_readable_and_counted_by_outcomes()
    {
        var referrals = new ReferralService.ReferralServiceClient(suite.Grpc);
        var outcomes = new OutcomesService.OutcomesServiceClient(suite.Grpc);
        var options = await suite.GrpcAsAsync("integrator");
        var before = (await outcomes.GetSummaryAsync(new GetSummaryRequest(), options)).ReferralsBySource.SingleOrDefault(s => s.Source == "carer")?.Referrals ?? 0;

        var created = await referrals.CreateReferralAsync(new CreateReferralRequest
        {
            Client = new NewClient { GivenName = "Jo", FamilyName = "Reid", DateOfBirth = "1990-07-01", NhsNumber = NhsNumbers.Random() },
            Source = ReferralSource.Carer,
            Referrer = new Referrer { Name = "Pat Reid", Role = "Carer" },
            Reason = "Isolated since discharge.",
            Priority = ReferralPriority.Urgent,
        }, options);
        var read = await referrals.GetReferralAsync(new GetReferralRequest { ReferralId = created.ReferralId }, options);

        Assert.Equal(created.ReferralId, read.ReferralId);
        Assert.Equal(ReferralPriority.Urgent, read.Priority);
        await EventuallyAsync(async () =>
            ((await outcomes.GetSummaryAsync(new GetSummaryRequest(), options)).ReferralsBySource.SingleOrDefault(s => s.Source == "carer")?.Referrals ?? 0) == before + 1,
            "Outcomes counts the gRPC referral");
    }

    [Fact]
    public async Task Invalid_input_over_rest_is_a_400_naming_each_field()
    {
        var response = await (await Integrator()).PostAsJsonAsync("/api/referrals", ReferralPayloads.Json(ReferralSource.Gp, nhsNumber: "9434765918", priority: ReferralPriority.Routine));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("client.nhs_number", body);
        Assert.DoesNotContain("   at ", body); // no stack trace
    }

    [Fact]
    public async Task A_large_grpc_message_is_read_whole_and_answered_not_left_waiting()
    {
        // 900 KiB: more than an HTTP/2 stream's receive window (768 KiB in Kestrel). The service's
        // request check holds a message unconsumed until the whole of it has come; the client can
        // only send the rest if the window reopens for bytes examined, not only for bytes consumed.
        var referrals = new ReferralService.ReferralServiceClient(suite.Grpc);
        var options = (await suite.GrpcAsAsync("integrator")).WithDeadline(DateTime.UtcNow.AddSeconds(30));
        var request = new CreateReferralRequest
        {
            ClientId = Guid.NewGuid().ToString(),
            Source = ReferralSource.Self,
            Reason = new string('x', 900 * 1024),
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => referrals.CreateReferralAsync(request, options).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("reason", refused.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_not_a_500()
    {
        var rest = await Integrator();
        using var content = new StringContent("{\"client\": {\"givenName\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await rest.PostAsync("/api/referrals", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var missingEverything = await rest.PostAsJsonAsync("/api/referrals", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missingEverything.StatusCode);
        var body = await missingEverything.Content.ReadAsStringAsync();
        Assert.Contains("client", body);
        Assert.Contains("source", body);
        Assert.Contains("reason", body);
    }

    [Fact]
    public async Task Invalid_input_over_grpc_is_invalid_argument_with_field_violations()
    {
        var referrals = new ReferralService.ReferralServiceClient(suite.Grpc);
        var options = await suite.GrpcAsAsync("integrator");
        var exception = await Assert.ThrowsAsync<RpcException>(() => referrals.CreateReferralAsync(new CreateReferralRequest
        {
            Client = new NewClient { GivenName = "Jo", FamilyName = "Reid", DateOfBirth = "1990-07-01", NhsNumber = "123" },
            Source = ReferralSource.Self,
            Reason = "",
        }, options).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        var badRequest = exception.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(["client.nhs_number", "reason"], badRequest.FieldViolations.Select(v => v.Field).Order());
    }

    [Fact]
    public async Task Unknown_ids_are_404_over_rest_and_not_found_over_grpc()
    {
        var integrator = await Integrator();
        var rest = await integrator.GetAsync($"/api/referrals/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);

        var malformedId = await integrator.GetAsync("/api/referrals/not-a-uuid");
        Assert.Equal(HttpStatusCode.BadRequest, malformedId.StatusCode);

        var referrals = new ReferralService.ReferralServiceClient(suite.Grpc);
        var options = await suite.GrpcAsAsync("integrator");
        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            referrals.GetReferralAsync(new GetReferralRequest { ReferralId = Guid.NewGuid().ToString() }, options).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, exception.StatusCode);
    }

    [Fact]
    public async Task The_gateway_serves_the_openapi_document_and_the_api_reference()
    {
        var document = (await suite.Rest.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        Assert.NotNull(document["paths"]!["/api/referrals"]!["post"]);
        Assert.NotNull(document["paths"]!["/api/outcomes/summary"]!["get"]);

        var page = await suite.Rest.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    private async Task<int> SourceCountAsync(string source)
    {
        var summary = (await (await Integrator()).GetFromJsonAsync<JsonObject>("/api/outcomes/summary"))!;
        return summary["referralsBySource"]?.AsArray()
            .Where(s => s!["source"]!.GetValue<string>() == source)
            .Select(s => s!["referrals"]!.GetValue<int>())
            .SingleOrDefault() ?? 0;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_client_is_found_by_nhs_number_in_the_body_and_an_unknown_or_invalid_number_is_refused()
    {
        var rest = await Integrator();
        var nhsNumber = NhsNumbers.Random();
        var created = (await (await rest.PostAsJsonAsync("/api/referrals", ReferralPayloads.Json(ReferralSource.ClinicalTeam, nhsNumber))).Content.ReadFromJsonAsync<JsonObject>())!;
        var clientId = created["clientId"]!.GetValue<string>();

        // Spaced as people write it; the same client comes back, as GetClient would answer.
        var spaced = $"{nhsNumber[..3]} {nhsNumber[3..6]} {nhsNumber[6..]}";
        using var found = await rest.PostAsJsonAsync("/api/clients/find", new { nhsNumber = spaced });
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var client = (await found.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(clientId, client["clientId"]!.GetValue<string>());
        Assert.Equal(nhsNumber, client["nhsNumber"]!.GetValue<string>().Replace(" ", "", StringComparison.Ordinal));

        string unknown;
        do
        {
            unknown = NhsNumbers.Random();
        }
        while (unknown == nhsNumber);
        using var missing = await rest.PostAsJsonAsync("/api/clients/find", new { nhsNumber = unknown });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain(unknown, await missing.Content.ReadAsStringAsync());

        using var invalid = await rest.PostAsJsonAsync("/api/clients/find", new { nhsNumber = "1234567890" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("nhs_number", await invalid.Content.ReadAsStringAsync());

        // The same over native gRPC.
        var grpc = new ReferralService.ReferralServiceClient(suite.Grpc);
        var byGrpc = await grpc.FindClientAsync(new FindClientRequest { NhsNumber = nhsNumber }, await suite.GrpcAsAsync("integrator"));
        Assert.Equal(clientId, byGrpc.ClientId);
    }
}
