using System.Text.Json.Nodes;
using Google.Api;
using PeerPlatform.Gateway.OpenApi;

namespace PeerPlatform.UnitTests.Gateway;

public sealed class OpenApiDocumentTests
{
    private static readonly string SnapshotPath = Path.Combine(RepositoryPaths.Root, "docs", "openapi", "v1.json");

    private static JsonObject Generate() => ProtoOpenApiDocument.Build(PublishedApis.Services, "PeerPlatform API", "v1");

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
}
