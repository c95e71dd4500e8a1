using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using PeerPlatform.Referral.Domain;
using PeerPlatform.Referral.Records;
using R = PeerPlatform.Contracts.Records.V1;

namespace PeerPlatform.UnitTests.Records;

public sealed class ExportArchiveWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static R.ClientDataExport Part(string source, string section, string json) => new()
    {
        Source = source,
        GatheredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Now),
        Sections = { new R.RecordSection { Name = section, Description = "what it is", RecordCount = JsonNode.Parse(json)!.AsArray().Count, Json = json } },
    };

    [Fact]
    public void The_archive_holds_a_manifest_each_source_and_a_readable_summary_with_markup_escaped()
    {
        var export = SubjectAccessExport.Start(Guid.NewGuid(), ["referral", "outcomes"], "platform-admin", Now);
        var archive = ExportArchiveWriter.Write(export,
        [
            Part("referral", "peer_contacts", """[{"notes":"<script>alert(1)</script> walked by the river"}]"""),
            Part("outcomes", "hospital_spells", """[{"providerSpellId":"PAS-1"},{"providerSpellId":"PAS-2"}]"""),
        ], Now);

        using var zip = new ZipArchive(new MemoryStream(archive));
        Assert.Equal(["manifest.json", "outcomes.json", "referral.json", "summary.html"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!;
        Assert.Equal(export.ClientId.ToString(), manifest["clientId"]!.GetValue<string>());
        Assert.Equal(2, manifest["sources"]![1]!["sections"]![0]!["records"]!.GetValue<int>());
        Assert.NotNull(manifest["holdNothingAboutClients"]!["workforce"]);
        Assert.Equal("PAS-2", JsonNode.Parse(zip.GetEntry("outcomes.json")!.Open())!["sections"]!["hospital_spells"]![1]!["providerSpellId"]!.GetValue<string>());

        using var reader = new StreamReader(zip.GetEntry("summary.html")!.Open());
        var summary = reader.ReadToEnd();
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; walked by the river", summary);
        Assert.DoesNotContain("<script>", summary);
        Assert.Contains(Now.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), summary);
    }
}
