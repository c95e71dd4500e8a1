using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PeerPlatform.Deploy;

namespace PeerPlatform.UnitTests.Deployment;

/// <summary>
/// The Kubernetes manifests under deploy/kubernetes (docs/deployment.md): the base and each
/// overlay, rendered as Kustomize would (<see cref="Kustomize"/>), are valid for a current
/// Kubernetes API (<see cref="KubernetesSchemas"/>) and keep what the deployment relies on:
/// probes, limits, non-root and read-only pods, migration jobs before services, network
/// policies, the environment the processes read, and no secret values outside the local overlay.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    public static TheoryData<string> Kustomizations => ["base", "local", "production"];

    /// <summary>Each PeerPlatform process, the database its code names and whether it uses the broker.</summary>
    private static readonly Dictionary<string, (string Database, bool Broker)> Processes = new()
    {
        ["identity"] = ("identitydb", false),
        ["referral"] = ("referraldb", true),
        ["workforce"] = ("workforcedb", true),
        ["supervision"] = ("supervisiondb", true),
        ["outcomes"] = ("outcomesdb", true),
    };

    private static readonly string[] DomainServices = ["referral", "workforce", "supervision", "outcomes"];

    private static List<JsonObject> Render(string name) =>
        Kustomize.Render(Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes", name));

    private static IEnumerable<JsonObject> OfKind(IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(item => item["kind"]!.GetValue<string>() == kind);

    private static JsonObject Named(IEnumerable<JsonObject> objects, string kind, string name) =>
        OfKind(objects, kind).SingleOrDefault(item => Name(item) == name) ?? throw new Xunit.Sdk.XunitException($"no {kind} {name}");

    private static string Name(JsonObject item) => item["metadata"]!["name"]!.GetValue<string>();

    private static JsonObject Pod(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    private static string? Component(JsonObject workload) =>
        workload["spec"]!["template"]!["metadata"]!["labels"]?["app.kubernetes.io/component"]?.GetValue<string>();

    private static IEnumerable<JsonObject> Workloads(IEnumerable<JsonObject> objects) =>
        objects.Where(item => item["kind"]!.GetValue<string>() is "Deployment" or "Job");

    private static JsonObject? Env(JsonObject container, string name) =>
        container["env"]?.AsArray().Select(e => e!.AsObject()).SingleOrDefault(e => e["name"]!.GetValue<string>() == name);

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_rendered_object_matches_the_Kubernetes_JSON_schemas(string kustomization)
    {
        var objects = Render(kustomization);
        var results = KubernetesSchemas.ValidateWithJsonSchemas(objects);
        var problems = objects.Zip(results).Where(pair => pair.Second.Count > 0)
            .Select(pair => $"{Kustomize.Id(pair.First)}: {string.Join("; ", pair.Second)}").ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_rendered_object_has_only_fields_and_kinds_the_Kubernetes_API_has(string kustomization)
    {
        var problems = Render(kustomization)
            .Select(item => (Item: item, Problem: KubernetesSchemas.LoadStrictly(item)))
            .Where(result => result.Problem is not null)
            .Select(result => $"{Kustomize.Id(result.Item)}: {result.Problem}").ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_schema_checks_reject_a_broken_Deployment()
    {
        // No container name, a port by name where a number belongs, a misspelt probe, a bad quantity.
        var broken = JsonNode.Parse("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "broken"},
             "spec": {"selector": {"matchLabels": {"a": "b"}},
                      "template": {"metadata": {"labels": {"a": "b"}},
                                   "spec": {"containers": [{"image": "x", "ports": [{"containerPort": "http"}],
                                                            "readinesProbe": {}, "resources": {"limits": {"memory": "lots"}}}]}}}}
            """)!.AsObject();
        var errors = KubernetesSchemas.ValidateWithJsonSchemas([broken]).Single();
        Assert.Contains(errors, e => e.Contains("required property name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("containerPort", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("memory", StringComparison.Ordinal));
        Assert.NotNull(KubernetesSchemas.LoadStrictly(broken));

        // A misspelt field the schemas allow (as the API server does) fails the strict load.
        var misspelt = JsonNode.Parse("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "misspelt"},
             "spec": {"selector": {"matchLabels": {"a": "b"}},
                      "template": {"metadata": {"labels": {"a": "b"}},
                                   "spec": {"containers": [{"name": "x", "image": "x", "readinesProbe": {}}]}}}}
            """)!.AsObject();
        Assert.Empty(KubernetesSchemas.ValidateWithJsonSchemas([misspelt]).Single());
        var problem = KubernetesSchemas.LoadStrictly(misspelt) ?? "";
        Assert.True(problem.Contains("readinesProbe", StringComparison.Ordinal), problem);

        var removedApi = JsonNode.Parse("""{"apiVersion": "policy/v1beta1", "kind": "PodDisruptionBudget", "metadata": {"name": "old"}, "spec": {}}""")!.AsObject();
        Assert.NotNull(KubernetesSchemas.LoadStrictly(removedApi));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_workload_runs_as_non_root_with_a_read_only_root_and_no_capabilities_within_limits(string kustomization)
    {
        var workloads = Workloads(Render(kustomization)).ToList();
        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var id = Kustomize.Id(workload);
            var pod = Pod(workload);
            var security = pod["securityContext"]!;
            Assert.True(security["runAsNonRoot"]?.GetValue<bool>() == true, $"{id}: runAsNonRoot");
            Assert.True(security["runAsUser"]?.GetValue<long>() > 0, $"{id}: a numeric non-root runAsUser");
            Assert.Equal("RuntimeDefault", security["seccompProfile"]?["type"]?.GetValue<string>());
            Assert.True(pod["automountServiceAccountToken"]?.GetValue<bool>() == false, $"{id}: no service account token");
            var temporary = pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "tmp")!;
            Assert.NotNull(temporary["emptyDir"]);
            foreach (var container in Kustomize.Containers(workload))
            {
                var where = $"{id} container {container["name"]}";
                var context = container["securityContext"]!;
                Assert.True(context["readOnlyRootFilesystem"]?.GetValue<bool>() == true, $"{where}: readOnlyRootFilesystem");
                Assert.True(context["allowPrivilegeEscalation"]?.GetValue<bool>() == false, $"{where}: allowPrivilegeEscalation");
                Assert.Equal(["ALL"], context["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()));
                Assert.Contains(container["volumeMounts"]!.AsArray(), m => m!["name"]!.GetValue<string>() == "tmp" && m["mountPath"]!.GetValue<string>() == "/tmp");
                foreach (var bound in new[] { "requests", "limits" })
                {
                    Assert.True(container["resources"]?[bound]?["cpu"] is not null && container["resources"]?[bound]?["memory"] is not null, $"{where}: {bound} for cpu and memory");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_Deployment_is_probed_for_readiness_and_liveness(string kustomization)
    {
        foreach (var deployment in OfKind(Render(kustomization), "Deployment"))
        {
            var container = Kustomize.Containers(deployment).Single();
            var id = Kustomize.Id(deployment);
            Assert.True(container["readinessProbe"] is not null && container["livenessProbe"] is not null, $"{id}: readiness and liveness probes");
            if (Component(deployment) is "service" or "gateway")
            {
                // The processes' own endpoints (ServiceDefaultsExtensions.MapDefaultEndpoints) on their HTTP/1.1 port.
                Assert.Equal("/health", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
                Assert.Equal("/alive", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
                Assert.Equal("/alive", container["startupProbe"]!["httpGet"]!["path"]!.GetValue<string>());
                foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
                {
                    Assert.Equal("http", container[probe]!["httpGet"]!["port"]!.GetValue<string>());
                }
            }
        }
    }

    [Theory]
    [InlineData("base")]
    [InlineData("production")]
    public void The_domain_services_and_the_gateway_run_two_replicas_within_disruption_budgets(string kustomization)
    {
        var objects = Render(kustomization);
        foreach (var name in DomainServices.Append("gateway"))
        {
            Assert.Equal(2, Named(objects, "Deployment", name)["spec"]!["replicas"]!.GetValue<int>());
        }

        // Identity: one replica while each process makes the client store match its settings (identity.yaml).
        Assert.Equal(1, Named(objects, "Deployment", "identity")["spec"]!["replicas"]!.GetValue<int>());
        foreach (var deployment in OfKind(objects, "Deployment"))
        {
            var labels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            Assert.Single(OfKind(objects, "PodDisruptionBudget"), budget =>
                budget["spec"]!["selector"]!["matchLabels"]!.AsObject().All(label => labels[label.Key]?.GetValue<string>() == label.Value!.GetValue<string>()));
        }

        var autoscaler = Named(objects, "HorizontalPodAutoscaler", "gateway");
        Assert.Equal("gateway", autoscaler["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>());
        Assert.Equal(2, autoscaler["spec"]!["minReplicas"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Each_service_verifies_its_database_after_a_migration_job_of_the_same_image(string kustomization)
    {
        var objects = Render(kustomization);
        var timeout = int.Parse(Named(objects, "ConfigMap", "peer-settings")["data"]!["Database__MigrationTimeoutSeconds"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, (database, _)) in Processes)
        {
            var service = Kustomize.Containers(Named(objects, "Deployment", name)).Single();
            var job = Named(objects, "Job", $"{name}-migrations");
            var migrations = Kustomize.Containers(job).Single();
            Assert.Equal(service["image"]!.GetValue<string>(), migrations["image"]!.GetValue<string>());
            Assert.Equal("ApplyAndExit", Env(migrations, "Database__Migrations")?["value"]?.GetValue<string>());
            Assert.Equal("Verify", Env(service, "Database__Migrations")?["value"]?.GetValue<string>());
            Assert.Equal("migration", Component(job));
            var connection = $"ConnectionStrings__{database}";
            if (DomainServices.Contains(name))
            {
                // The Job migrates as the schema's owner and grants the runtime role the service connects as.
                Assert.Equal($"peer-{database}-migrations", Env(migrations, connection)?["valueFrom"]?["secretKeyRef"]?["name"]?.GetValue<string>());
                Assert.Equal($"{database}_app", Env(migrations, "Database__RuntimeRole")?["value"]?.GetValue<string>());
                Assert.True(Env(migrations, "Database__RuntimeRolePassword")?["valueFrom"]?["secretKeyRef"]?["optional"]?.GetValue<bool>(),
                    $"{name}: the runtime role's password is optional (a role provisioned with the database needs none)");
            }
            else
            {
                Assert.Equal(Env(service, connection)?["valueFrom"]?.ToJsonString(), Env(migrations, connection)?["valueFrom"]?.ToJsonString());
            }

            // The pod waits for the job within its startup probe's window, or liveness would kill it first.
            var startup = service["startupProbe"]!;
            Assert.True(startup["periodSeconds"]!.GetValue<int>() * startup["failureThreshold"]!.GetValue<int>() > timeout,
                $"{name}: the startup probe's window is shorter than Database__MigrationTimeoutSeconds ({timeout} s)");
            Assert.Contains(service["envFrom"]!.AsArray(), source => source!["configMapRef"]?["name"]?.GetValue<string>() == "peer-settings");
        }
    }

    [Fact]
    public void In_the_local_overlay_each_domain_service_connects_as_its_runtime_role_which_its_job_creates()
    {
        var objects = Render("local");
        foreach (var service in DomainServices)
        {
            var database = Processes[service].Database;
            var runtime = SecretValue(objects, $"peer-{database}", "connection-string");
            var owner = SecretValue(objects, $"peer-{database}-migrations", "connection-string");
            Assert.Contains($"Username={database}_app;", runtime, StringComparison.Ordinal);
            Assert.Contains("Username=postgres;", owner, StringComparison.Ordinal);
            Assert.Equal(Password(runtime), SecretValue(objects, $"peer-{database}-migrations", "runtime-role-password"));
        }

        static string Password(string connectionString) =>
            connectionString.Split(';').Single(part => part.StartsWith("Password=", StringComparison.Ordinal))["Password=".Length..];
    }

    private static string SecretValue(List<JsonObject> objects, string secret, string key) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Named(objects, "Secret", secret)["data"]![key]!.GetValue<string>()));

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void The_environment_names_what_the_processes_read(string kustomization)
    {
        var objects = Render(kustomization);
        foreach (var (name, (database, broker)) in Processes)
        {
            // The connection name the service's code asks for (AddPeerDatabase<TDbContext>("referraldb")).
            var code = string.Join("\n", Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "services", char.ToUpperInvariant(name[0]) + name[1..]), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
            Assert.Contains($"AddPeerDatabase<", code, StringComparison.Ordinal);
            Assert.Contains($"\"{database}\"", code, StringComparison.Ordinal);
            var container = Kustomize.Containers(Named(objects, "Deployment", name)).Single();
            Assert.Equal($"peer-{database}", Env(container, $"ConnectionStrings__{database}")?["valueFrom"]?["secretKeyRef"]?["name"]?.GetValue<string>());
            // PeerInfrastructure.BrokerConnectionName: what MassTransit's registration reads.
            Assert.Equal(broker, Env(container, "ConnectionStrings__rabbitmq") is not null);
        }

        // Every address the gateway's clusters and Referral's Workforce client name, as service
        // discovery resolves it: http://referral is services__referral__http__0, http://_grpc.referral
        // services__referral__grpc__0; each pointing at the Kubernetes Service's port of that name.
        var gateway = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "gateway", "appsettings.json"))).RootElement;
        var addresses = gateway.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject()
            .SelectMany(cluster => cluster.Value.GetProperty("Destinations").EnumerateObject().Select(d => d.Value.GetProperty("Address").GetString()!))
            .Append("http://_grpc.workforce")
            .Append("http://identity") // every process fetches Identity's signing keys (PeerAuthentication)
            .ToList();
        var discovery = Named(objects, "ConfigMap", "peer-services")["data"]!.AsObject();
        foreach (var address in addresses)
        {
            var match = DiscoveryAddress().Match(address);
            Assert.True(match.Success, $"unexpected address {address}");
            var (service, endpoint) = (match.Groups["service"].Value, match.Groups["grpc"].Success ? "grpc" : "http");
            var key = $"services__{service}__{endpoint}__0";
            var target = new Uri(discovery[key]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"peer-services has no {key} for {address}"));
            Assert.Equal(service, target.Host);
            var port = Named(objects, "Service", service)["spec"]!["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == endpoint)!;
            Assert.Equal(target.Port, port["port"]!.GetValue<int>());
        }

        foreach (var name in DomainServices.Append("gateway"))
        {
            Assert.Contains(Kustomize.Containers(Named(objects, "Deployment", name)).Single()["envFrom"]!.AsArray(),
                source => source!["configMapRef"]?["name"]?.GetValue<string>() == "peer-services");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void The_container_ports_are_the_ones_the_image_listens_on(string kustomization)
    {
        var containerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "Containerfile"));
        var ports = ImagePort().Matches(containerfile).ToDictionary(
            m => m.Groups["name"].Value.ToLowerInvariant(), m => int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(ports["http"] > 1024 && ports["grpc"] > 1024, "unprivileged ports");
        foreach (var deployment in OfKind(Render(kustomization), "Deployment").Where(d => Component(d) is "service" or "gateway"))
        {
            foreach (var port in Kustomize.Containers(deployment).Single()["ports"]!.AsArray())
            {
                Assert.Equal(ports[port!["name"]!.GetValue<string>()], port["containerPort"]!.GetValue<int>());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Network_policies_admit_only_the_gateway_from_outside(string kustomization)
    {
        var objects = Render(kustomization);
        var policies = OfKind(objects, "NetworkPolicy").ToList();
        Assert.Contains(policies, p => p["spec"]!["podSelector"]!.AsObject().Count == 0
            && p["spec"]!["policyTypes"]!.AsArray().Any(t => t!.GetValue<string>() == "Ingress") && p["spec"]!["ingress"] is null);
        var components = Workloads(objects).Select(Component).ToHashSet();
        Assert.Subset(new HashSet<string?> { "service", "gateway", "portal", "fhir", "migration", "database", "broker" }, components);
        foreach (var policy in policies.Where(p => p["spec"]!["ingress"] is not null))
        {
            if (Name(policy) == "identity-from-portal")
            {
                // One service, Identity, admits the portal too: it redeems sign-in codes there.
                Assert.Equal("identity", policy["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"]!.GetValue<string>());
                Assert.Equal("portal", policy["spec"]!["ingress"]!.AsArray().Single()!["from"]!.AsArray().Single()!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]!.GetValue<string>());
                continue;
            }

            var selected = policy["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]!.GetValue<string>();
            var sources = policy["spec"]!["ingress"]!.AsArray().SelectMany(rule => rule!["from"]?.AsArray() ?? [null]).ToList();
            if (Name(policy) == "metrics-from-monitoring")
            {
                // Production's scrape rule: the monitoring namespace, the HTTP port only (not gRPC reflection).
                Assert.Equal("production", kustomization);
                Assert.Equal("service", selected);
                Assert.Equal("monitoring", sources.Single()!["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
                Assert.Equal([8080], policy["spec"]!["ingress"]!.AsArray().SelectMany(rule => rule!["ports"]!.AsArray()).Select(port => port!["port"]!.GetValue<int>()));
                continue;
            }

            if (selected == "gateway")
            {
                Assert.Contains(null, sources); // from anywhere
                continue;
            }

            Assert.DoesNotContain(null, sources);
            var allowed = sources.SelectMany(source =>
                source!["podSelector"]!["matchLabels"]?["app.kubernetes.io/component"] is { } one
                    ? [one.GetValue<string>()]
                    : source["podSelector"]!["matchExpressions"]!.AsArray().Single()!["values"]!.AsArray().Select(v => v!.GetValue<string>())).ToHashSet();
            Assert.True(sources.All(source => source!["namespaceSelector"] is null && source["ipBlock"] is null), $"{Name(policy)}: from this namespace only");
            var expected = selected switch
            {
                // The FHIR facade calls the services with its callers' tokens.
                "service" => new HashSet<string> { "gateway", "service", "fhir" },
                "portal" or "fhir" => ["gateway"],
                "database" or "broker" => ["service", "migration"],
                _ => throw new Xunit.Sdk.XunitException($"{Name(policy)}: a policy for {selected}"),
            };
            Assert.Equal(expected, allowed);
        }

        // Every component that runs here has a policy admitting its callers, or nothing reaches it.
        var admitted = policies.Where(p => p["spec"]!["ingress"] is not null && Name(p) != "identity-from-portal")
            .Select(p => p["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]!.GetValue<string>()).ToHashSet();
        Assert.Subset(admitted, components.Where(c => c is not "migration").Select(c => c!).ToHashSet());
    }

    [Theory]
    [InlineData("base")]
    [InlineData("production")]
    public void No_secret_value_is_committed_outside_the_local_overlay(string kustomization)
    {
        var objects = Render(kustomization);
        Assert.Empty(OfKind(objects, "Secret"));
        foreach (var workload in Workloads(objects))
        {
            foreach (var variable in Kustomize.Containers(workload).SelectMany(c => c["env"]?.AsArray() ?? []))
            {
                var value = variable!["value"]?.GetValue<string>() ?? "";
                Assert.DoesNotMatch(SecretLooking(), value);
            }
        }

        foreach (var map in OfKind(objects, "ConfigMap"))
        {
            Assert.All(map["data"]!.AsObject(), pair => Assert.DoesNotMatch(SecretLooking(), pair.Value!.GetValue<string>()));
        }
    }

    [Fact]
    public void The_local_overlay_generates_its_secrets_labelled_local_only_and_runs_its_own_servers()
    {
        var objects = Render("local");
        var secrets = OfKind(objects, "Secret").ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, secret => Assert.Equal("true", secret["metadata"]!["labels"]!["peerplatform.example/local-only"]!.GetValue<string>()));
        foreach (var (_, (database, _)) in Processes)
        {
            var connection = Named(objects, "Secret", $"peer-{database}")["data"]!["connection-string"]!.GetValue<string>();
            Assert.Contains($"Host=postgres;", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(connection)), StringComparison.Ordinal);
        }

        Assert.All(new[] { "postgres", "rabbitmq" }, name => Assert.NotNull(Named(objects, "Deployment", name)));

        // The development clients the image leaves out (appsettings.Development.json), every one of them.
        var clients = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "services", "Identity", "appsettings.Development.json")))
            .RootElement.GetProperty("Identity").GetProperty("Clients").EnumerateArray().ToList();
        var generated = Named(objects, "Secret", "peer-identity-clients")["data"]!.AsObject()
            .ToDictionary(pair => pair.Key, pair => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(pair.Value!.GetValue<string>())));
        for (var i = 0; i < clients.Count; i++)
        {
            foreach (var field in clients[i].EnumerateObject())
            {
                var key = $"Identity__Clients__{i}__{field.Name}";
                switch (field.Value.ValueKind)
                {
                    case JsonValueKind.Array:
                        var items = field.Value.EnumerateArray().Select(item => item.GetString()).ToList();
                        Assert.Equal(items, items.Select((_, j) => generated.GetValueOrDefault($"{key}__{j}")));
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        Assert.Equal(field.Value.GetBoolean().ToString().ToLowerInvariant(), generated.GetValueOrDefault(key));
                        break;
                    default:
                        Assert.Equal(field.Value.GetString(), generated.GetValueOrDefault(key));
                        break;
                }
            }
        }

        // And the development people, every field of every one.
        var people = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "services", "Identity", "appsettings.Development.json")))
            .RootElement.GetProperty("Identity").GetProperty("People").EnumerateArray().ToList();
        var generatedPeople = Named(objects, "Secret", "peer-identity-people")["data"]!.AsObject()
            .ToDictionary(pair => pair.Key, pair => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(pair.Value!.GetValue<string>())));
        for (var i = 0; i < people.Count; i++)
        {
            foreach (var field in people[i].EnumerateObject())
            {
                Assert.Equal(field.Value.GetString(), generatedPeople.GetValueOrDefault($"Identity__People__{i}__{field.Name}"));
            }
        }
    }

    [Fact]
    public void Production_mounts_Identitys_signing_key_from_a_secret_it_names()
    {
        var identity = Named(Render("production"), "Deployment", "identity");
        var container = Kustomize.Containers(identity).Single();
        var path = Env(container, "Identity__SigningKeyPath")!["value"]!.GetValue<string>();
        var mount = container["volumeMounts"]!.AsArray().Single(m => path.StartsWith(m!["mountPath"]!.GetValue<string>() + "/", StringComparison.Ordinal))!;
        var volume = Pod(identity)["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!;
        Assert.Equal("peer-identity-signing-key", volume["secret"]!["secretName"]!.GetValue<string>());
        // Readable by the process: group-readable, and the pod's fsGroup is the process's group.
        Assert.Equal(Pod(identity)["securityContext"]!["runAsGroup"]!.GetValue<long>(), Pod(identity)["securityContext"]!["fsGroup"]!.GetValue<long>());
        Assert.Equal(0b100_100_000, volume["secret"]!["defaultMode"]!.GetValue<int>());
        Assert.Contains(container["envFrom"]!.AsArray(), source => source!["secretRef"]?["name"]?.GetValue<string>() == "peer-identity-clients");
    }

    [Fact]
    public void The_renderer_refuses_what_it_does_not_render()
    {
        var directory = Directory.CreateTempSubdirectory("kustomize-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "kustomization.yaml"), "resources: []\ncommonLabels:\n  a: b\n");
            Assert.Throws<NotSupportedException>(() => Kustomize.Render(directory.FullName));
            File.WriteAllText(Path.Combine(directory.FullName, "kustomization.yaml"), "resources: []\nsecretGenerator:\n  - name: x\n    literals: [a=b]\n");
            Assert.Throws<NotSupportedException>(() => Kustomize.Render(directory.FullName));
            Assert.Throws<InvalidDataException>(() => Yaml.Parse("mode: 0400", "inline"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^http://(?<grpc>_grpc\.)?(?<service>[a-z]+)$")]
    private static partial Regex DiscoveryAddress();

    [GeneratedRegex(@"(?<name>HTTP|GRPC)_PORT=(?<port>[0-9]+)")]
    private static partial Regex ImagePort();

    [GeneratedRegex("(?i)password=|secret=|://[^/@:]+:[^/@]+@|BEGIN [A-Z ]*PRIVATE KEY")]
    private static partial Regex SecretLooking();
}
