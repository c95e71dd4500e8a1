using Google.Api;
using Google.Protobuf.Reflection;

namespace PeerPlatform.UnitTests.Contracts;

/// <summary>
/// What a client of the protos relies on, one line per fact: each method (its request, answer and
/// REST route), each field (its number, name, JSON name, type and cardinality) and each enum value
/// (its number and name). Two surfaces compared say which facts a change broke.
/// </summary>
public static class ContractSurface
{
    /// <summary>The facts of every peer.* proto file compiled into the contracts assembly.</summary>
    public static SortedDictionary<string, string> Of(IEnumerable<FileDescriptor> files)
    {
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => f.Package.StartsWith("peer.", StringComparison.Ordinal)))
        {
            foreach (var service in file.Services)
            {
                foreach (var method in service.Methods)
                {
                    var http = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
                    var route = http is null ? "" : $" {http.PatternCase.ToString().ToUpperInvariant()} {http.Get}{http.Post}{http.Put}{http.Patch}{http.Delete}";
                    facts[$"rpc {method.FullName}"] = $"({method.InputType.FullName}) returns ({method.OutputType.FullName}){route}";
                }
            }

            foreach (var message in file.MessageTypes.SelectMany(Nested))
            {
                foreach (var field in message.Fields.InDeclarationOrder())
                {
                    var cardinality = field.IsMap ? "map" : field.IsRepeated ? "repeated" : field.HasPresence ? "optional" : "singular";
                    var type = field.FieldType switch
                    {
                        FieldType.Message => field.MessageType.FullName,
                        FieldType.Enum => field.EnumType.FullName,
                        _ => field.FieldType.ToString().ToLowerInvariant(),
                    };
                    facts[$"field {message.FullName} #{field.FieldNumber}"] = $"{cardinality} {type} {field.Name} (json {field.JsonName})";
                }
            }

            foreach (var enumType in file.EnumTypes.Concat(file.MessageTypes.SelectMany(Nested).SelectMany(m => m.EnumTypes)))
            {
                foreach (var value in enumType.Values)
                {
                    facts[$"enum {enumType.FullName} #{value.Number}"] = value.Name;
                }
            }
        }

        return facts;
    }

    /// <summary>Every fact of <paramref name="baseline"/> that <paramref name="current"/> removed or changed; additions break nothing.</summary>
    public static IReadOnlyList<string> Breaks(IReadOnlyDictionary<string, string> baseline, IReadOnlyDictionary<string, string> current) =>
    [
        .. baseline
            .Where(fact => !current.TryGetValue(fact.Key, out var now) || now != fact.Value)
            .Select(fact => current.TryGetValue(fact.Key, out var now)
                ? $"{fact.Key}: was '{fact.Value}', now '{now}'"
                : $"{fact.Key}: '{fact.Value}' was removed"),
    ];

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor message) =>
        message.GetOptions()?.MapEntry == true ? [] : [message, .. message.NestedTypes.SelectMany(Nested)];
}
