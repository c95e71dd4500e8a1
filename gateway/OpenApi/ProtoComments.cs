using System.Text.RegularExpressions;

namespace PeerPlatform.Gateway.OpenApi;

/// <summary>
/// The comments of the protos (embedded in the gateway), by the full name of what they describe:
/// "peer.referral.v1.ReferralService", "peer.referral.v1.ReferralService.CreateReferral",
/// "peer.referral.v1.Referral", "peer.referral.v1.Referral.status",
/// "peer.referral.v1.ReferralStatus.REFERRAL_STATUS_ACTIVE". A comment is the block of "//" lines
/// right above a declaration, and a "//" comment at the end of its line.
/// </summary>
public sealed partial class ProtoComments
{
    private readonly Dictionary<string, string> comments = new(StringComparer.Ordinal);

    public int Count => comments.Count;

    public string? For(string fullName) => comments.GetValueOrDefault(fullName);

    /// <summary>Every .proto embedded in <paramref name="assembly"/> under "protos/".</summary>
    public static ProtoComments FromEmbeddedProtos(System.Reflection.Assembly assembly)
    {
        var result = new ProtoComments();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("protos/", StringComparison.Ordinal) && n.EndsWith(".proto", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            result.Read(reader.ReadToEnd());
        }

        return result;
    }

    /// <summary>Reads one file's comments.</summary>
    public void Read(string proto)
    {
        var package = "";
        var scopes = new Stack<string?>(); // a declared scope's full name; null for option blocks
        var pending = new List<string>();
        foreach (var rawLine in proto.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith("//", StringComparison.Ordinal))
            {
                pending.Add(line[2..].Trim());
                continue;
            }

            var (code, trailing) = SplitComment(line);
            if (code.Length == 0)
            {
                pending.Clear(); // a blank line detaches a comment (the file's header, a section note)
                continue;
            }

            if (Package().Match(code) is { Success: true } packageMatch)
            {
                package = packageMatch.Groups[1].Value;
            }

            var parent = scopes.FirstOrDefault(s => s is not null) ?? package;
            var declared = Declaration(code, parent, scopes.Count > 0 ? scopes.Peek() : null);
            if (declared is not null)
            {
                var text = string.Join(" ", pending.Append(trailing).Where(t => t.Length > 0));
                if (text.Length > 0)
                {
                    comments[declared.Value.Name] = text;
                }
            }

            pending.Clear();
            var opened = false;
            foreach (var c in code)
            {
                if (c == '{')
                {
                    scopes.Push(!opened && declared is { Scope: true } ? declared.Value.Name : null);
                    opened = true;
                }
                else if (c == '}' && scopes.Count > 0)
                {
                    scopes.Pop();
                }
            }
        }
    }

    private static (string Name, bool Scope)? Declaration(string code, string parent, string? innermost)
    {
        if (Block().Match(code) is { Success: true } block)
        {
            var kind = block.Groups[1].Value;
            // A oneof's fields belong to its message: it opens a scope under the message's name.
            return kind == "oneof" ? (parent, true) : ($"{parent}.{block.Groups[2].Value}", true);
        }

        if (Rpc().Match(code) is { Success: true } rpc)
        {
            return ($"{parent}.{rpc.Groups[1].Value}", code.Contains('{', StringComparison.Ordinal));
        }

        if (innermost is null)
        {
            return null; // inside an option block, or at file level
        }

        if (Field().Match(code) is { Success: true } field)
        {
            return ($"{parent}.{field.Groups[1].Value}", false);
        }

        return EnumValue().Match(code) is { Success: true } value ? ($"{parent}.{value.Groups[1].Value}", false) : null;
    }

    private static (string Code, string Trailing) SplitComment(string line)
    {
        var inString = false;
        for (var i = 0; i + 1 < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inString = !inString;
            }
            else if (!inString && line[i] == '/' && line[i + 1] == '/')
            {
                return (line[..i].Trim(), line[(i + 2)..].Trim());
            }
        }

        return (line, "");
    }

    [GeneratedRegex(@"^package\s+([\w.]+)\s*;")]
    private static partial Regex Package();

    [GeneratedRegex(@"^(service|message|enum|oneof)\s+(\w+)\s*\{?")]
    private static partial Regex Block();

    [GeneratedRegex(@"^rpc\s+(\w+)\s*\(")]
    private static partial Regex Rpc();

    [GeneratedRegex(@"^(?:repeated\s+|optional\s+)?(?:map<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*\d+")]
    private static partial Regex Field();

    [GeneratedRegex(@"^([A-Z][A-Z0-9_]*)\s*=\s*-?\d+")]
    private static partial Regex EnumValue();
}
