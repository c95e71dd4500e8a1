using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PeerPlatform.Deploy;

/// <summary>
/// Renders a kustomization under deploy/kubernetes as <c>kubectl kustomize</c> would, for the
/// subset of Kustomize the manifests use, so the tests can check what a cluster would be given
/// without Kustomize installed: <c>resources</c> (files and kustomization folders),
/// <c>namespace</c>, <c>images</c>, <c>patches</c> (inline RFC 6902 JSON patches with a target of
/// kind and a name, which Kustomize reads as an anchored regular expression),
/// <c>secretGenerator</c> and <c>configMapGenerator</c> (literals) with
/// <c>generatorOptions.disableNameSuffixHash: true</c> and <c>labels</c>. A kustomization that
/// uses anything else fails to render here, so the tests never pass on a field they ignored.
/// </summary>
public static class Kustomize
{
    private static readonly HashSet<string> Supported =
        ["apiVersion", "kind", "namespace", "resources", "images", "patches", "secretGenerator", "configMapGenerator", "generatorOptions"];

    /// <summary>Kinds that are not namespaced, among those the manifests use.</summary>
    private static readonly HashSet<string> ClusterScoped = ["Namespace", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "StorageClass"];

    public static List<JsonObject> Render(string directory)
    {
        var file = Path.Combine(directory, "kustomization.yaml");
        var kustomization = Yaml.ReadDocuments(file).Single() as JsonObject
            ?? throw new InvalidDataException($"{file} is not a mapping");
        foreach (var (key, _) in kustomization)
        {
            if (!Supported.Contains(key))
            {
                throw new NotSupportedException($"{file}: '{key}' is not rendered by this test's Kustomize subset");
            }
        }

        var objects = new List<JsonObject>();
        foreach (var resource in Strings(kustomization["resources"]))
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            objects.AddRange(Directory.Exists(path)
                ? Render(path)
                : Yaml.ReadDocuments(path).Select(document => document as JsonObject ?? throw new InvalidDataException($"{path}: a document is not an object")));
        }

        objects.AddRange(Generate(kustomization, file));
        foreach (var patch in kustomization["patches"]?.AsArray() ?? [])
        {
            ApplyPatch(objects, patch!.AsObject(), file);
        }

        if (kustomization["namespace"]?.GetValue<string>() is { } ns)
        {
            foreach (var item in objects)
            {
                var metadata = item["metadata"]!.AsObject();
                if (item["kind"]!.GetValue<string>() == "Namespace")
                {
                    metadata["name"] = ns;
                }
                else if (!ClusterScoped.Contains(item["kind"]!.GetValue<string>()))
                {
                    metadata["namespace"] = ns;
                }
            }
        }

        foreach (var image in kustomization["images"]?.AsArray() ?? [])
        {
            SetImage(objects, image!.AsObject(), file);
        }

        var duplicates = objects.GroupBy(Id).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidDataException($"{file}: objects defined twice: {string.Join(", ", duplicates)}");
        }

        return objects;
    }

    /// <summary>kind/namespace/name, how Kustomize tells objects apart.</summary>
    public static string Id(JsonObject item) =>
        $"{item["kind"]}/{item["metadata"]?["namespace"]}/{item["metadata"]?["name"]}";

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node?.AsArray().Select(item => item!.GetValue<string>()) ?? [];

    private static IEnumerable<JsonObject> Generate(JsonObject kustomization, string file)
    {
        var options = kustomization["generatorOptions"]?.AsObject();
        foreach (var (key, _) in options ?? [])
        {
            if (key is not ("disableNameSuffixHash" or "labels"))
            {
                throw new NotSupportedException($"{file}: generatorOptions.{key} is not rendered here");
            }
        }

        var generators = (kustomization["secretGenerator"]?.AsArray() ?? []).Select(g => (Kind: "Secret", Generator: g!.AsObject()))
            .Concat((kustomization["configMapGenerator"]?.AsArray() ?? []).Select(g => (Kind: "ConfigMap", Generator: g!.AsObject())))
            .ToList();
        if (generators.Count > 0 && options?["disableNameSuffixHash"]?.GetValue<bool>() != true)
        {
            // With a hash suffix Kustomize renames the object and every reference to it.
            throw new NotSupportedException($"{file}: generators need generatorOptions.disableNameSuffixHash: true here");
        }

        foreach (var (kind, generator) in generators)
        {
            foreach (var (key, _) in generator)
            {
                if (key is not ("name" or "literals"))
                {
                    throw new NotSupportedException($"{file}: {kind} generator field '{key}' is not rendered here");
                }
            }

            var data = new JsonObject();
            foreach (var literal in Strings(generator["literals"]))
            {
                var equals = literal.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (literal[..equals], literal[(equals + 1)..]);
                data[name] = kind == "Secret" ? Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) : value;
            }

            var metadata = new JsonObject { ["name"] = generator["name"]!.GetValue<string>() };
            if (options?["labels"] is JsonObject labels)
            {
                metadata["labels"] = labels.DeepClone();
            }

            var item = new JsonObject { ["apiVersion"] = "v1", ["kind"] = kind, ["metadata"] = metadata };
            if (kind == "Secret")
            {
                item["type"] = "Opaque";
            }

            item["data"] = data;
            yield return item;
        }
    }

    private static void ApplyPatch(List<JsonObject> objects, JsonObject patch, string file)
    {
        var target = patch["target"]?.AsObject() ?? throw new NotSupportedException($"{file}: a patch without a target is not rendered here");
        foreach (var (key, _) in target)
        {
            if (key is not ("kind" or "name"))
            {
                throw new NotSupportedException($"{file}: patch target field '{key}' is not rendered here");
            }
        }

        if (patch["path"] is not null || patch["patch"] is null)
        {
            throw new NotSupportedException($"{file}: only inline patches (patch: |-) are rendered here");
        }

        var kind = target["kind"]!.GetValue<string>();
        var name = new Regex($"^(?:{target["name"]!.GetValue<string>()})$", RegexOptions.CultureInvariant);
        var operations = Yaml.Parse(patch["patch"]!.GetValue<string>(), file).Single()?.AsArray()
            ?? throw new InvalidDataException($"{file}: a patch is not a list of operations");
        var matched = objects.Where(item => item["kind"]!.GetValue<string>() == kind && name.IsMatch(item["metadata"]!["name"]!.GetValue<string>())).ToList();
        if (matched.Count == 0)
        {
            // Kustomize applies such a patch to nothing; here it is a mistake.
            throw new InvalidDataException($"{file}: the patch for {kind} {name} matches no object");
        }

        foreach (var item in matched)
        {
            foreach (var operation in operations)
            {
                JsonPatch.Apply(item, operation!.AsObject(), $"{file}: {Id(item)}");
            }
        }
    }

    private static void SetImage(List<JsonObject> objects, JsonObject image, string file)
    {
        var name = image["name"]!.GetValue<string>();
        var found = false;
        foreach (var container in objects.SelectMany(Containers))
        {
            var current = container["image"]!.GetValue<string>();
            var bare = current.Split('@')[0];
            bare = bare.LastIndexOf(':') > bare.LastIndexOf('/') ? bare[..bare.LastIndexOf(':')] : bare;
            if (bare != name)
            {
                continue;
            }

            var tag = image["newTag"]?.GetValue<string>() is { } newTag ? ":" + newTag : current[bare.Length..];
            container["image"] = (image["newName"]?.GetValue<string>() ?? name) + tag;
            found = true;
        }

        if (!found)
        {
            throw new InvalidDataException($"{file}: image {name} is used by no container");
        }
    }

    /// <summary>Every container and init container of a workload's pod template.</summary>
    public static IEnumerable<JsonObject> Containers(JsonObject item)
    {
        var pod = item["kind"]!.GetValue<string>() == "Pod" ? item["spec"] : item["spec"]?["template"]?["spec"];
        return pod is null
            ? []
            : (pod["containers"]?.AsArray() ?? []).Concat(pod["initContainers"]?.AsArray() ?? []).Select(container => container!.AsObject());
    }
}

/// <summary>RFC 6902 add, replace and remove (what the overlays use) on a JSON object.</summary>
public static class JsonPatch
{
    public static void Apply(JsonObject document, JsonObject operation, string where)
    {
        var op = operation["op"]!.GetValue<string>();
        var path = operation["path"]!.GetValue<string>();
        var tokens = path.Split('/').Skip(1).Select(token => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
        JsonNode parent = document;
        foreach (var token in tokens[..^1])
        {
            parent = (parent is JsonArray array ? array[int.Parse(token, CultureInfo.InvariantCulture)] : parent[token])
                ?? throw new InvalidDataException($"{where}: {op} {path}: '{token}' does not exist");
        }

        var last = tokens[^1];
        var value = operation["value"]?.DeepClone();
        switch (op, parent)
        {
            case ("add", JsonArray array):
                if (last == "-")
                {
                    array.Add(value);
                }
                else
                {
                    array.Insert(int.Parse(last, CultureInfo.InvariantCulture), value);
                }

                break;
            case ("add", JsonObject map):
                map[last] = value;
                break;
            case ("replace", JsonArray array):
                array[int.Parse(last, CultureInfo.InvariantCulture)] = value;
                break;
            case ("replace", JsonObject map) when map.ContainsKey(last):
                map[last] = value;
                break;
            case ("remove", JsonArray array):
                array.RemoveAt(int.Parse(last, CultureInfo.InvariantCulture));
                break;
            case ("remove", JsonObject map) when map.ContainsKey(last):
                map.Remove(last);
                break;
            default:
                throw new InvalidDataException($"{where}: cannot {op} {path}");
        }
    }
}

/// <summary>
/// YAML to JSON as Kubernetes reads it (sigs.k8s.io/yaml): plain scalars that are numbers,
/// true/false or null become those; anything quoted stays a string. A plain scalar YAML 1.1 and
/// 1.2 read differently (yes/no/on/off, a leading zero: octal or not) is refused rather than guessed.
/// </summary>
public static partial class Yaml
{
    public static List<JsonNode?> ReadDocuments(string file) => Parse(File.ReadAllText(file), file);

    public static List<JsonNode?> Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw new InvalidDataException($"{source}: {exception.Message}", exception);
        }

        return stream.Documents.Select(document => ToJson(document.RootNode, source)).ToList();
    }

    private static JsonNode? ToJson(YamlNode node, string source) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value, source)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(child => ToJson(child, source)).ToArray()),
        YamlScalarNode scalar => Scalar(scalar, source),
        _ => throw new InvalidDataException($"{source}: unsupported YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar, string source)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null")
        {
            return null;
        }

        if (value is "true" or "false")
        {
            return JsonValue.Create(value == "true");
        }

        if (Ambiguous().IsMatch(value))
        {
            throw new InvalidDataException($"{source}: '{value}' at {scalar.Start} reads differently in YAML 1.1 and 1.2; quote it or write it plainly");
        }

        // As JSON numbers, so they read as whichever numeric type is asked for.
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) || Decimal().IsMatch(value))
        {
            return JsonNode.Parse(value.TrimStart('+'));
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex("^(?:[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[yYnN]|[-+]?0[0-9_]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex Ambiguous();

    [GeneratedRegex(@"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")]
    private static partial Regex Decimal();
}
