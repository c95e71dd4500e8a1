using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeerPlatform.Deploy;

/// <summary>One pod for <c>podman kube play</c>: what it runs as, and the stage it belongs to.</summary>
/// <param name="Stage">infrastructure (databases, broker), migration (a Job's pod, runs to completion) or service.</param>
/// <param name="Container">podman's name for the pod's (first) container: "&lt;pod&gt;-&lt;container&gt;".</param>
/// <param name="ScratchVolumes">the pod's own volumes standing for its emptyDirs, to remove with it.</param>
public sealed record PlayedPod(string Stage, string Name, string Container, JsonObject Pod, IReadOnlyList<string> ScratchVolumes);

/// <summary>
/// Turns a rendered overlay into what podman 4.3's <c>kube play</c> runs, which has no Service,
/// Job, Namespace, NetworkPolicy, PodDisruptionBudget or autoscaler and reads Secrets it stored
/// itself wrongly (docs/deployment.md#trying-it-with-podman):
/// <list type="bullet">
/// <item>each Deployment becomes its replicas as Pods, named as its Service when there is one
/// replica and "&lt;service&gt;-1", "-2"… when there are more; podman's network DNS resolves pod
/// names, and <c>services__&lt;name&gt;__&lt;endpoint&gt;__N</c> lists every replica, so the
/// gateway and the services spread calls over them as a Service would;</item>
/// <item>each Job becomes a Pod that restarts on failure;</item>
/// <item>an <c>emptyDir</c> becomes a named volume of the pod's own ("&lt;pod&gt;-tmp"): podman 4.3
/// plays it as a named volume by the volume's name, which every pod would otherwise share;</item>
/// <item>Secret and ConfigMap references (env and envFrom) become plain values;</item>
/// <item>container ports are dropped (podman publishes every one on the host, so the processes'
/// 8080s would collide), except a NodePort Service's, published on 127.0.0.1 at its node port;
/// probes then name ports by number.</item>
/// </list>
/// </summary>
public static class PodmanPlay
{
    private static readonly HashSet<string> Ignored = ["Namespace", "NetworkPolicy", "PodDisruptionBudget", "HorizontalPodAutoscaler", "PersistentVolumeClaim", "Service", "Secret", "ConfigMap"];

    public static List<PlayedPod> Convert(IReadOnlyList<JsonObject> objects, IReadOnlyDictionary<string, int> replicas)
    {
        var unknown = objects.Select(KindOf).Where(kind => kind is not ("Deployment" or "Job") && !Ignored.Contains(kind)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"podman kube play runs no {string.Join(", ", unknown)} here");
        }

        foreach (var name in replicas.Keys.Where(name => !objects.Any(o => KindOf(o) == "Deployment" && NameOf(o) == name)))
        {
            throw new ArgumentException($"replicas asked of '{name}', which is no Deployment");
        }

        var secrets = Data(objects, "Secret", decode: true);
        var configMaps = Data(objects, "ConfigMap", decode: false);
        var deployments = objects.Where(o => KindOf(o) == "Deployment")
            .ToDictionary(NameOf, o => replicas.TryGetValue(NameOf(o), out var count) ? count : o["spec"]?["replicas"]?.GetValue<int>() ?? 1);
        DiscoverEveryReplica(configMaps, deployments);

        var pods = new List<PlayedPod>();
        foreach (var job in objects.Where(o => KindOf(o) == "Job"))
        {
            pods.Add(Play("migration", NameOf(job), job, objects, secrets, configMaps));
        }

        foreach (var deployment in objects.Where(o => KindOf(o) == "Deployment"))
        {
            var name = NameOf(deployment);
            var count = deployments[name];
            var stage = deployment["metadata"]?["labels"]?["app.kubernetes.io/component"]?.GetValue<string>() is "database" or "broker" ? "infrastructure" : "service";
            for (var replica = 1; replica <= count; replica++)
            {
                var pod = Play(stage, ReplicaName(name, replica, count), deployment, objects, secrets, configMaps);
                if (replica > 1 && HasHostPorts(pod.Pod))
                {
                    throw new NotSupportedException($"{name} is published on host ports; podman can run one replica of it");
                }

                pods.Add(pod);
            }
        }

        return pods.OrderBy(pod => StageOrder(pod.Stage)).ToList();
    }

    /// <summary>The pods as one document each, in JSON (which YAML reads), for <c>podman kube play</c>.</summary>
    public static string Document(PlayedPod pod) => pod.Pod.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    public static string ReplicaName(string deployment, int replica, int replicas) =>
        replicas == 1 ? deployment : $"{deployment}-{replica}";

    private static int StageOrder(string stage) => stage switch { "infrastructure" => 0, "migration" => 1, _ => 2 };

    private static PlayedPod Play(string stage, string name, JsonObject workload, IReadOnlyList<JsonObject> objects,
        Dictionary<string, Dictionary<string, string>> secrets, Dictionary<string, Dictionary<string, string>> configMaps)
    {
        var template = workload["spec"]!["template"]!.AsObject();
        var spec = template["spec"]!.DeepClone().AsObject();
        spec.Remove("topologySpreadConstraints");
        spec.Remove("automountServiceAccountToken");
        if (KindOf(workload) == "Deployment")
        {
            spec["restartPolicy"] = "Always";
        }

        var scratch = new List<string>();
        foreach (var volume in (spec["volumes"]?.AsArray() ?? []).Select(v => v!.AsObject()).Where(v => v["emptyDir"] is not null))
        {
            var own = $"{name}-{volume["name"]!.GetValue<string>()}";
            foreach (var mount in spec["containers"]!.AsArray().SelectMany(c => c!["volumeMounts"]?.AsArray() ?? []).Select(m => m!.AsObject()))
            {
                if (mount["name"]!.GetValue<string>() == volume["name"]!.GetValue<string>())
                {
                    mount["name"] = own;
                }
            }

            volume["name"] = own;
            scratch.Add(own);
        }

        var nodePorts = NodePorts(objects, workload);
        foreach (var container in spec["containers"]!.AsArray().Select(c => c!.AsObject()))
        {
            container["env"] = ResolveEnvironment(container, secrets, configMaps, $"{NameOf(workload)}/{container["name"]}");
            container.Remove("envFrom");
            var ports = (container["ports"]?.AsArray() ?? []).Select(p => p!.AsObject()).ToList();
            NumberProbePorts(container, ports);
            var published = new JsonArray();
            foreach (var port in ports.Where(p => p["name"] is not null && nodePorts.ContainsKey(p["name"]!.GetValue<string>())))
            {
                published.Add(new JsonObject
                {
                    ["containerPort"] = port["containerPort"]!.GetValue<int>(),
                    ["hostPort"] = nodePorts[port["name"]!.GetValue<string>()],
                    ["hostIP"] = "127.0.0.1",
                });
            }

            if (published.Count > 0)
            {
                container["ports"] = published;
            }
            else
            {
                container.Remove("ports");
            }
        }

        var labels = template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject();
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = spec,
        };
        var container0 = spec["containers"]![0]!["name"]!.GetValue<string>();
        return new PlayedPod(stage, name, $"{name}-{container0}", pod, scratch);
    }

    private static bool HasHostPorts(JsonObject pod) =>
        pod["spec"]!["containers"]!.AsArray().Any(c => c!["ports"]?.AsArray().Any(p => p!["hostPort"] is not null) == true);

    /// <summary>A NodePort Service's ports selecting this workload: target port name to node port.</summary>
    private static Dictionary<string, int> NodePorts(IReadOnlyList<JsonObject> objects, JsonObject workload)
    {
        var labels = workload["spec"]!["template"]!["metadata"]?["labels"]?.AsObject();
        var ports = new Dictionary<string, int>();
        foreach (var service in objects.Where(o => KindOf(o) == "Service" && o["spec"]?["type"]?.GetValue<string>() == "NodePort"))
        {
            var selector = service["spec"]!["selector"]?.AsObject();
            if (selector is null || labels is null || !selector.All(pair => labels[pair.Key]?.GetValue<string>() == pair.Value?.GetValue<string>()))
            {
                continue;
            }

            foreach (var port in service["spec"]!["ports"]!.AsArray().Select(p => p!.AsObject()))
            {
                if (port["nodePort"] is { } nodePort && port["targetPort"] is { } target)
                {
                    ports[target.GetValue<string>()] = nodePort.GetValue<int>();
                }
            }
        }

        return ports;
    }

    private static void NumberProbePorts(JsonObject container, List<JsonObject> ports)
    {
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" }.Select(p => container[p]).OfType<JsonObject>())
        {
            foreach (var action in new[] { "httpGet", "tcpSocket" }.Select(a => probe[a]).OfType<JsonObject>())
            {
                if (action["port"] is JsonValue port && port.TryGetValue<string>(out var portName))
                {
                    var match = ports.SingleOrDefault(p => p["name"]?.GetValue<string>() == portName)
                        ?? throw new InvalidDataException($"{container["name"]}: a probe names port '{portName}', which the container does not have");
                    action["port"] = match["containerPort"]!.GetValue<int>();
                }
            }
        }
    }

    /// <summary>envFrom, then env (which wins, as in Kubernetes), with every reference replaced by its value.</summary>
    private static JsonArray ResolveEnvironment(JsonObject container, Dictionary<string, Dictionary<string, string>> secrets,
        Dictionary<string, Dictionary<string, string>> configMaps, string where)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in (container["envFrom"]?.AsArray() ?? []).Select(s => s!.AsObject()))
        {
            var (store, reference) = source["secretRef"] is JsonObject secretRef ? (secrets, secretRef) : (configMaps, source["configMapRef"]!.AsObject());
            foreach (var (key, value) in Lookup(store, reference["name"]!.GetValue<string>(), where))
            {
                values[key] = value;
            }
        }

        foreach (var variable in (container["env"]?.AsArray() ?? []).Select(v => v!.AsObject()))
        {
            var name = variable["name"]!.GetValue<string>();
            if (variable["valueFrom"] is not JsonObject from)
            {
                values[name] = variable["value"]?.GetValue<string>() ?? "";
                continue;
            }

            var (store, reference) = from["secretKeyRef"] is JsonObject secretKey ? (secrets, secretKey)
                : from["configMapKeyRef"] is JsonObject configKey ? (configMaps, configKey)
                : throw new NotSupportedException($"{where}: {name} is read from something podman cannot be given here");
            var optional = reference["optional"]?.GetValue<bool>() == true;
            var key = reference["key"]!.GetValue<string>();
            var referenced = reference["name"]!.GetValue<string>();
            if (Lookup(store, referenced, where, optional).TryGetValue(key, out var value))
            {
                values[name] = value;
            }
            else if (!optional)
            {
                throw new InvalidDataException($"{where}: {name} reads key '{key}' of {referenced}, which has none");
            }
        }

        return new JsonArray(values.Select(pair => (JsonNode)new JsonObject { ["name"] = pair.Key, ["value"] = pair.Value }).ToArray());
    }

    private static Dictionary<string, string> Lookup(Dictionary<string, Dictionary<string, string>> store, string name, string where, bool optional = false) =>
        store.TryGetValue(name, out var data) ? data
        : optional ? []
        : throw new InvalidDataException($"{where}: {name} is not in the overlay");

    private static Dictionary<string, Dictionary<string, string>> Data(IReadOnlyList<JsonObject> objects, string kind, bool decode) =>
        objects.Where(o => KindOf(o) == kind).ToDictionary(NameOf, o =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in o["data"]?.AsObject() ?? [])
            {
                var text = value!.GetValue<string>();
                values[key] = decode ? Encoding.UTF8.GetString(System.Convert.FromBase64String(text)) : text;
            }

            foreach (var (key, value) in o["stringData"]?.AsObject() ?? [])
            {
                values[key] = value!.GetValue<string>();
            }

            return values;
        });

    /// <summary>
    /// Rewrites the discovery entries naming a Deployment with several replicas
    /// (<c>services__referral__http__0=http://referral:8080</c>) to one entry per replica pod.
    /// </summary>
    private static void DiscoverEveryReplica(Dictionary<string, Dictionary<string, string>> configMaps, Dictionary<string, int> deployments)
    {
        foreach (var data in configMaps.Values)
        {
            foreach (var key in data.Keys.Where(key => key.StartsWith("services__", StringComparison.Ordinal) && key.EndsWith("__0", StringComparison.Ordinal)).ToList())
            {
                var address = new Uri(data[key]);
                if (!deployments.TryGetValue(address.Host, out var count) || count == 1)
                {
                    continue;
                }

                var prefix = key[..^1];
                for (var replica = 1; replica <= count; replica++)
                {
                    data[prefix + (replica - 1)] = new UriBuilder(address) { Host = ReplicaName(address.Host, replica, count) }.Uri.ToString().TrimEnd('/');
                }
            }
        }
    }

    private static string KindOf(JsonObject item) => item["kind"]!.GetValue<string>();

    private static string NameOf(JsonObject item) => item["metadata"]!["name"]!.GetValue<string>();
}
