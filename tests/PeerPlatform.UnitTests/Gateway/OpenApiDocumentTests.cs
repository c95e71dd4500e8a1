using System.Text.Json.Nodes;
using Google.Api;
using PeerPlatform.Gateway.OpenApi;

namespace PeerPlatform.UnitTests.Gateway;

public sealed class OpenApiDocumentTests
{
    private static readonly string SnapshotPath = Path.Combine(RepositoryPaths.Root, "docs", "openapi", "v1.json");

    private static JsonObject Generate() => PublishedApis.Document();

    [Fact]
    public void Every_transcoded_method_of_every_published_service_is_an_operation()
    {
        var paths = Generate()["paths"]!.AsObject();
        var expected = PublishedApis.Services
            .SelectMany(s => s.Methods)
            .Select(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http))
            .Where(rule => rule is not null)
            .Select(rule => ProtoOpenApiDocument.VerbAndTemplate(rule!))
            .ToList();

        Assert.NotEmpty(expected);
        foreach (var (verb, template) in expected)
        {
            Assert.True(paths[template]?[verb!] is not null, $"{verb} {template} is missing from the OpenAPI document");
        }

        Assert.Equal(expected.Count, paths.Sum(p => p.Value!.AsObject().Count));
    }

    [Fact]
    public void Schemas_use_the_json_names_transcoding_reads_and_writes()
    {
        var document = Generate();
        var create = document["components"]!["schemas"]!["peer.referral.v1.NewClient"]!["properties"]!.AsObject();
        Assert.True(create.ContainsKey("nhsNumber"));
        Assert.True(create.ContainsKey("dateOfBirth"));

        var referral = document["components"]!["schemas"]!["peer.referral.v1.Referral"]!["properties"]!.AsObject();
        Assert.Equal("date-time", referral["receivedAt"]!["format"]!.GetValue<string>());
        Assert.Contains("REFERRAL_STATUS_RECEIVED", referral["status"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));

        var get = document["paths"]!["/api/referrals/{referral_id}"]!["get"]!;
        var parameter = Assert.Single(get["parameters"]!.AsArray());
        Assert.Equal("path", parameter!["in"]!.GetValue<string>());
        Assert.NotNull(get["responses"]!["400"]);
    }

    /// <summary>
    /// docs/openapi/v1.json is the published contract integrators read in the repository; it must
    /// equal what the gateway serves. Regenerate with `./peer openapi` after changing a proto.
    /// </summary>
    [Fact]
    public void The_committed_document_matches_the_protos()
    {
        var generated = Generate().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("PEER_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
            File.WriteAllText(SnapshotPath, generated);
        }

        Assert.True(File.Exists(SnapshotPath), "docs/openapi/v1.json is missing; run ./peer openapi");
        Assert.True(File.ReadAllText(SnapshotPath) == generated, "docs/openapi/v1.json is out of date; run ./peer openapi and commit it");
    }

    [Fact]
    public void Every_proto_comment_describes_its_operation_schema_field_or_enum_value()
    {
        var comments = ProtoComments.FromEmbeddedProtos(typeof(PublishedApis).Assembly);
        var document = Generate();
        Assert.True(comments.Count > 100, $"only {comments.Count} comments read from the protos");

        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!.AsObject())).ToDictionary(o => o["operationId"]!.GetValue<string>());
        foreach (var service in PublishedApis.Services)
        {
            foreach (var method in service.Methods)
            {
                if (comments.For(method.FullName) is { } comment && operations.TryGetValue($"{service.Name}_{method.Name}", out var operation))
                {
                    Assert.Equal(comment, operation["description"]?.GetValue<string>());
                }
            }
        }

        Assert.Contains("signing secret", operations["WebhookService_CreateSubscription"]["description"]!.GetValue<string>());
        var subscription = document["components"]!["schemas"]!["peer.integrations.v1.Subscription"]!.AsObject();
        Assert.Contains("The HTTPS endpoint", subscription["properties"]!["url"]!["description"]!.GetValue<string>());
        Assert.Contains("SUBSCRIPTION_STATUS_FAILING: A delivery was given up", subscription["properties"]!["status"]!["description"]!.GetValue<string>());
        Assert.Contains("Webhook subscriptions", document["tags"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "peer.integrations.v1.WebhookService")!["description"]!.GetValue<string>());
    }

    [Fact]
    public void Every_operation_has_an_example_its_real_error_statuses_and_creates_take_an_idempotency_key()
    {
        var document = Generate();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (verb, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var responses = operation["responses"]!.AsObject();
                var name = $"{verb} {template}";
                Assert.True(operation["requestBody"] is null || operation["requestBody"]!["content"]!["application/json"]!["example"] is JsonObject, $"{name} has no request example");
                Assert.True(responses["200"]!["content"]!["application/json"] is null || responses["200"]!["content"]!["application/json"]!["example"] is JsonObject, $"{name} has no answer example");
                Assert.True(responses.ContainsKey("400") && responses.ContainsKey("401") && responses.ContainsKey("403") && responses.ContainsKey("429"), name);
                Assert.All(responses.Where(r => r.Key != "200"), r => Assert.Equal("#/components/schemas/Status", r.Value!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>()));
                Assert.Equal(verb != "get", responses.ContainsKey("409"));
                Assert.Contains(verb == "get" ? "INVALID_ARGUMENT" : "FAILED_PRECONDITION", responses["400"]!["description"]!.GetValue<string>());
            }
        }

        var create = document["paths"]!["/api/referrals"]!["post"]!;
        Assert.Contains(create["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header");
        Assert.Equal("943 476 5919", create["requestBody"]!["content"]!["application/json"]!["example"]!["client"]!["nhsNumber"]!.GetValue<string>());
        Assert.DoesNotContain(document["paths"]!["/api/referrals/{referral_id}/accept"]!["post"]!["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key");
    }

    [Fact]
    public void The_idempotency_key_is_documented_on_exactly_the_rpcs_the_services_mark_idempotent()
    {
        var marked = new[] { typeof(PeerPlatform.Referral.Data.ReferralDbContext), typeof(PeerPlatform.Workforce.Data.WorkforceDbContext), typeof(PeerPlatform.Supervision.Data.SupervisionDbContext), typeof(PeerPlatform.Outcomes.Data.OutcomesDbContext), typeof(PeerPlatform.Integrations.Data.IntegrationsDbContext) }
            .SelectMany(service => service.Assembly.GetTypes())
            .SelectMany(type => type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
                .Where(m => m.GetCustomAttributes(typeof(PeerPlatform.Grpc.IdempotentAttribute), inherit: false).Length > 0)
                .Select(m => $"{m.GetBaseDefinition().DeclaringType!.DeclaringType!.Name}.{m.Name}"))
            .Order()
            .ToList();

        Assert.NotEmpty(marked);
        Assert.Equal(marked, PublishedApis.IdempotentOperations.Order());
    }
}
