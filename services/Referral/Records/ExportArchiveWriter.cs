using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeerPlatform.Referral.Domain;
using R = PeerPlatform.Contracts.Records.V1;

namespace PeerPlatform.Referral.Records;

/// <summary>
/// The subject access archive: manifest.json (what came from where, when, how many records),
/// one JSON file per source (its sections as arrays of records) and summary.html, the same
/// records as readable tables for the person who asked.
/// </summary>
internal static class ExportArchiveWriter
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static byte[] Write(SubjectAccessExport export, IReadOnlyList<R.ClientDataExport> parts, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "manifest.json", Manifest(export, parts, now).ToJsonString(Indented));
            foreach (var part in parts)
            {
                var sections = new JsonObject();
                foreach (var section in part.Sections)
                {
                    sections[section.Name] = JsonNode.Parse(section.Json);
                }

                Add(zip, part.Source + ".json", new JsonObject { ["source"] = part.Source, ["gatheredAt"] = part.GatheredAt.ToDateTimeOffset(), ["sections"] = sections }.ToJsonString(Indented));
            }

            Add(zip, "summary.html", Summary(export, parts, now));
        }

        return buffer.ToArray();
    }

    private static JsonObject Manifest(SubjectAccessExport export, IReadOnlyList<R.ClientDataExport> parts, DateTimeOffset now) => new()
    {
        ["exportId"] = export.Id,
        ["clientId"] = export.ClientId,
        ["requestedAt"] = export.RequestedAt,
        ["requestedBy"] = export.RequestedBy,
        ["completedAt"] = now,
        ["sources"] = new JsonArray([.. parts.Select(part => (JsonNode)new JsonObject
        {
            ["source"] = part.Source,
            ["via"] = ClientDataSources.Via(part.Source),
            ["gatheredAt"] = part.GatheredAt.ToDateTimeOffset(),
            ["file"] = part.Source + ".json",
            ["sections"] = new JsonArray([.. part.Sections.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["description"] = s.Description, ["records"] = s.RecordCount })]),
        })]),
        ["holdNothingAboutClients"] = new JsonObject([.. ClientDataSources.HoldNothing.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))]),
    };

    private static string Summary(SubjectAccessExport export, IReadOnlyList<R.ClientDataExport> parts, DateTimeOffset now)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Your records held by the peer support service</title>")
            .Append("<style>body{font-family:sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:0 0 1.5rem}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#eee}</style></head><body>")
            .Append("<h1>Your records held by the peer support service</h1>")
            .Append("<p>This is everything the service holds about you, gathered on ").Append(Encode(SharedKernel.TrustCalendar.LocalDate(now).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)))
            .Append(" (request ").Append(export.Id).Append("). Each section says what the records are; the JSON files in this archive hold the same records for other systems.</p>");
        foreach (var part in parts)
        {
            html.Append("<h2>From the ").Append(Encode(part.Source)).Append(" service</h2>");
            foreach (var section in part.Sections)
            {
                html.Append("<h3>").Append(Encode(section.Name.Replace('_', ' '))).Append(" (").Append(section.RecordCount).Append(")</h3><p>").Append(Encode(section.Description)).Append("</p>");
                AppendTable(html, JsonNode.Parse(section.Json)!.AsArray());
            }
        }

        html.Append("<h2>Services that hold nothing about you</h2><ul>");
        foreach (var (service, why) in ClientDataSources.HoldNothing)
        {
            html.Append("<li><strong>").Append(Encode(service)).Append("</strong>: ").Append(Encode(why)).Append("</li>");
        }

        return html.Append("</ul></body></html>").ToString();
    }

    private static void AppendTable(StringBuilder html, JsonArray records)
    {
        if (records.Count == 0)
        {
            html.Append("<p>None.</p>");
            return;
        }

        var columns = records.OfType<JsonObject>().SelectMany(r => r.Select(p => p.Key)).Distinct().ToList();
        html.Append("<table><tr>");
        foreach (var column in columns)
        {
            html.Append("<th>").Append(Encode(column)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var record in records.OfType<JsonObject>())
        {
            html.Append("<tr>");
            foreach (var column in columns)
            {
                html.Append("<td>").Append(Encode(Text(record[column]))).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value => value.TryGetValue<string>(out var text) ? text : value.ToJsonString(),
        _ => node.ToJsonString(),
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
