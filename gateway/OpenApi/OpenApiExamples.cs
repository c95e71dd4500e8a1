using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace PeerPlatform.Gateway.OpenApi;

/// <summary>
/// An example for every request body and answer, made from the message's fields: ids are UUIDs,
/// dates and times are dates and times, an enum takes its first real value, an NHS number is a
/// valid one. Plausible enough to send as it is to see what the operation says back.
/// </summary>
public static class OpenApiExamples
{
    private const int MaxDepth = 4;

    /// <summary>Requests whose fields are alternatives, written out by hand (one alternative each).</summary>
    private static readonly Dictionary<string, Func<JsonObject>> Curated = new(StringComparer.Ordinal)
    {
        ["peer.referral.v1.CreateReferralRequest"] = () => new JsonObject
        {
            ["client"] = new JsonObject { ["givenName"] = "Alex", ["familyName"] = "Morgan", ["dateOfBirth"] = "1984-03-21", ["nhsNumber"] = "943 476 5919", ["locality"] = "North" },
            ["source"] = "REFERRAL_SOURCE_CLINICAL_TEAM",
            ["referrer"] = new JsonObject { ["name"] = "Sam Patel", ["organisation"] = "Adult Community Team North", ["role"] = "Care coordinator" },
            ["reason"] = "Would value support from someone with lived experience",
            ["priority"] = "REFERRAL_PRIORITY_ROUTINE",
        },
    };

    /// <summary>An example of <paramref name="message"/> without the fields a path carries.</summary>
    public static JsonObject Of(MessageDescriptor message, IReadOnlySet<string>? leaveOut = null) =>
        Curated.TryGetValue(message.FullName, out var curated) ? curated() : Message(message, leaveOut, depth: 0);

    /// <summary>An example value for one field (a path parameter).</summary>
    public static JsonNode ValueOf(FieldDescriptor field) => Single(field, 0)!;

    private static JsonObject Message(MessageDescriptor message, IReadOnlySet<string>? leaveOut, int depth)
    {
        var example = new JsonObject();
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (leaveOut?.Contains(field.Name) == true || (field.ContainingOneof is { } oneof && oneof.Fields[0] != field && !oneof.IsSynthetic))
            {
                continue; // one member of a oneof is enough
            }

            var value = field.IsRepeated && !field.IsMap ? Single(field, depth) is { } item ? new JsonArray(item) : null : Single(field, depth);
            if (value is not null)
            {
                example[field.JsonName] = value;
            }
        }

        return example;
    }

    private static JsonNode? Single(FieldDescriptor field, int depth) => field.FieldType switch
    {
        _ when field.IsMap => new JsonObject(),
        FieldType.String => Text(field.Name),
        FieldType.Bool => true,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 => Number(field.Name),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 => "1",
        FieldType.Double or FieldType.Float => 37.5,
        FieldType.Bytes => "",
        FieldType.Enum => field.EnumType.Values.FirstOrDefault(v => v.Number != 0)?.Name ?? field.EnumType.Values[0].Name,
        FieldType.Message => field.MessageType.FullName switch
        {
            "google.protobuf.Timestamp" => "2026-12-07T10:30:00Z",
            "google.protobuf.Duration" => "1.5s",
            "google.protobuf.StringValue" => Text(field.Name),
            "google.protobuf.Int32Value" => Number(field.Name),
            "google.protobuf.BoolValue" => true,
            "google.protobuf.Struct" => new JsonObject { ["referralId"] = "0193a4c2-7b1d-7c3e-9f00-2a1b3c4d5e6f" },
            _ => depth < MaxDepth ? Message(field.MessageType, null, depth + 1) : null,
        },
        _ => null,
    };

    private static JsonNode Number(string name) => name switch
    {
        _ when name.Contains("page_size", StringComparison.Ordinal) => 50,
        _ when name.Contains("minutes", StringComparison.Ordinal) => 45,
        _ when name.Contains("days", StringComparison.Ordinal) => 28,
        _ when name.Contains("hours", StringComparison.Ordinal) => 24,
        _ => 1,
    };

    private static string Text(string name) => name switch
    {
        "nhs_number" => "9434765919",
        "organisation_id" => "org-mind-north",
        "url" => "https://ehr-integration.trust.example/peerplatform/hooks",
        "event_types" or "type" or "event_type" => "supervision.concern_raised",
        "month" or "from_month" or "to_month" or "period" => "2026-11",
        "page_token" or "next_page_token" or "after" or "next_cursor" or "cursor" => "",
        "secret" => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        _ when name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("_ids", StringComparison.Ordinal) => "0193a4c2-7b1d-7c3e-9f00-2a1b3c4d5e6f",
        "date_of_birth" => "1984-03-21",
        "family_name" => "Morgan",
        "locality" => "North",
        "reason" or "notes" or "description" => "Agreed at the team meeting",
        _ when name.EndsWith("_on", StringComparison.Ordinal) || name.EndsWith("date", StringComparison.Ordinal) => "2026-12-07",
        _ when name.EndsWith("_at", StringComparison.Ordinal) => "2026-12-07T10:30:00Z",
        _ when name.Contains("name", StringComparison.Ordinal) => "Alex",
        _ => "text",
    };
}
