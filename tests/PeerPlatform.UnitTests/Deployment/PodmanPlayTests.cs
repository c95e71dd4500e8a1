using System.Text.Json.Nodes;
using PeerPlatform.Deploy;

namespace PeerPlatform.UnitTests.Deployment;

/// <summary>What <c>./peer cluster up</c> gives podman's <c>kube play</c> (<see cref="PodmanPlay"/>).</summary>
public sealed class PodmanPlayTests
{
    private static readonly Dictionary<string, int> TwoReplicas = new() { ["referral"] = 2, ["outcomes"] = 2, ["supervision"] = 2 };

    private static List<JsonObject> Local() => Kustomize.Render(Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes", "local"));

    private static Dictionary<string, string> Environment(PlayedPod pod) =>
        pod.Pod["spec"]!["containers"]![0]!["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());

    [Fact]
    public void Replicas_are_pods_of_their_own_and_every_process_discovers_each_of_them()
    {
        var pods = PodmanPlay.Convert(Local(), TwoReplicas);

        Assert.Equal(["postgres", "rabbitmq"], pods.Where(p => p.Stage == "infrastructure").Select(p => p.Name).Order());
        Assert.Equal(["identity-migrations", "integrations-migrations", "outcomes-migrations", "referral-migrations", "supervision-migrations", "workforce-migrations"],
            pods.Where(p => p.Stage == "migration").Select(p => p.Name).Order());
        Assert.Equal(["fhir", "gateway", "identity", "integrations", "outcomes-1", "outcomes-2", "portal", "referral-1", "referral-2", "supervision-1", "supervision-2", "workforce"],
            pods.Where(p => p.Stage == "service").Select(p => p.Name).Order());
        // Played in order: the servers, then the jobs, then the services.
        Assert.Equal(pods.OrderBy(p => p.Stage switch { "infrastructure" => 0, "migration" => 1, _ => 2 }).Select(p => p.Name), pods.Select(p => p.Name));
        Assert.Equal("referral-2-referral", pods.Single(p => p.Name == "referral-2").Container);

        // Identity calls no other process.
        foreach (var pod in pods.Where(p => p.Stage == "service" && p.Name != "identity"))
        {
            var env = Environment(pod);
            Assert.Equal("http://referral-1:8080", env["services__referral__http__0"]);
            Assert.Equal("http://referral-2:8081", env["services__referral__grpc__1"]);
            Assert.Equal("http://outcomes-2:8080", env["services__outcomes__http__1"]);
            Assert.Equal("http://workforce:8081", env["services__workforce__grpc__0"]);
            Assert.False(env.ContainsKey("services__workforce__grpc__1"));
        }
    }

    [Fact]
    public void References_become_values_and_only_the_gateway_is_published_on_loopback()
    {
        var pods = PodmanPlay.Convert(Local(), TwoReplicas);

        foreach (var pod in pods)
        {
            var container = pod.Pod["spec"]!["containers"]![0]!.AsObject();
            Assert.Null(container["envFrom"]);
            Assert.DoesNotContain(container["env"]!.AsArray(), e => e!["valueFrom"] is not null);
            Assert.DoesNotContain("topologySpreadConstraints", pod.Pod["spec"]!.AsObject().Select(p => p.Key));
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" }.Select(p => container[p]).OfType<JsonObject>())
            {
                if ((probe["httpGet"] ?? probe["tcpSocket"]) is JsonObject action)
                {
                    Assert.True(action["port"]!.GetValueKind() == System.Text.Json.JsonValueKind.Number, $"{pod.Name}: a probe still names its port");
                }
            }

            if (pod.Name == "gateway")
            {
                var ports = container["ports"]!.AsArray().Select(p => (p!["containerPort"]!.GetValue<int>(), p["hostPort"]!.GetValue<int>(), p["hostIP"]!.GetValue<string>()));
                Assert.Equal([(8080, 30080, "127.0.0.1"), (8081, 30081, "127.0.0.1")], ports);
            }
            else
            {
                Assert.Null(container["ports"]);
            }
        }

        // Each pod's emptyDir is a volume of its own: podman would share one named "tmp" among all.
        var first = pods.Single(p => p.Name == "referral-1");
        Assert.Equal(["referral-1-tmp"], first.ScratchVolumes);
        Assert.Equal("referral-1-tmp", first.Pod["spec"]!["containers"]![0]!["volumeMounts"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(pods.Sum(p => p.ScratchVolumes.Count), pods.SelectMany(p => p.ScratchVolumes).Distinct().Count());

        var referral = Environment(first);
        Assert.Equal("Host=postgres;Port=5432;Username=referraldb_app;Password=peer-local-dev-only;Database=referraldb", referral["ConnectionStrings__referraldb"]);
        Assert.Equal("Verify", referral["Database__Migrations"]);
        var job = pods.Single(p => p.Name == "referral-migrations");
        Assert.Equal("OnFailure", job.Pod["spec"]!["restartPolicy"]!.GetValue<string>());
        Assert.Equal("peer-local-dev-only", Environment(job)["Database__RuntimeRolePassword"]);
        Assert.Equal("Always", pods.Single(p => p.Name == "referral-2").Pod["spec"]!["restartPolicy"]!.GetValue<string>());
        Assert.Equal("trust-integrator", Environment(pods.Single(p => p.Name == "identity"))["Identity__Clients__0__ClientId"]);
    }

    [Fact]
    public void What_podman_cannot_be_given_is_refused_not_left_out()
    {
        Assert.Throws<ArgumentException>(() => PodmanPlay.Convert(Local(), new Dictionary<string, int> { ["referal"] = 2 }));
        Assert.Throws<NotSupportedException>(() => PodmanPlay.Convert(Local(), new Dictionary<string, int> { ["gateway"] = 2 }));
        // The production overlay names Secrets that live in the cluster, not in the files.
        var production = Kustomize.Render(Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes", "production"));
        var refused = Assert.ThrowsAny<Exception>(() => PodmanPlay.Convert(production, new Dictionary<string, int>()));
        Assert.Contains("peer-", refused.Message, StringComparison.Ordinal);
    }
}
