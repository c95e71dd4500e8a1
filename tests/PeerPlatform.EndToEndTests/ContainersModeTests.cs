using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerPlatform.Contracts.Referral.V1;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// The AppHost's Containers mode on podman (ASPIRE_CONTAINER_RUNTIME=podman), with PostgreSQL and
/// RabbitMQ from the images ./peer images builds from Debian's packages, never pulled
/// (Containers:PostgresImage, Containers:RabbitMqImage). Runs with ./peer cluster test, which has
/// made sure podman and the images are there.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(ClusterCollection.Name)] // one at a time with the cluster's tests, on two cores
public sealed class ContainersModeTests
{
    private const string PostgresImage = "localhost/peerplatform/postgres:local";

    [Fact]
    public async Task The_AppHost_runs_the_suite_on_podman_containers_of_the_local_images_with_services_as_runtime_roles()
    {
        Environment.SetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME", "podman");
        Environment.SetEnvironmentVariable("CONTAINERS_CONF", Path.Combine(RepositoryPaths.Root, "deploy", "podman", "containers.conf"));
        var local = new LocalSuite("containers");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PeerPlatform_AppHost>(
        [
            .. local.AppHostArguments(),
            "--Infrastructure=Containers",
            $"--Containers:PostgresImage={PostgresImage}",
            "--Containers:RabbitMqImage=localhost/peerplatform/rabbitmq:local",
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        await using var app = await builder.BuildAsync();
        await SuiteStartup.StartUntilGatewayHealthyAsync(app, TimeSpan.FromMinutes(5));

        using var gateway = new HttpClient { BaseAddress = new Uri($"http://localhost:{local.GatewayHttpPort}") };
        var token = await DevelopmentClients.Integrator.RequestTokenAsync(gateway);
        Assert.True(token.Succeeded, token.Body);
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", token.AccessToken);
        using var created = await gateway.PostAsJsonAsync("/api/referrals", ReferralPayloads.Json(ReferralSource.Gp));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        // Through the RabbitMQ container to Outcomes.
        await EventuallyAsync(async () => (await GetOkAsync(gateway, "/api/outcomes/summary"))["referralsBySource"]?.AsArray()
            .Any(s => s!["source"]!.GetValue<string>() == "gp" && (s["referrals"]?.GetValue<int>() ?? 0) > 0) == true, "Outcomes counts the referral");

        // The AppHost's container, not the cluster's pod running the same image.
        var postgres = (await ClusterFixture.PodmanAsync("ps", "--filter", $"ancestor={PostgresImage}", "--format", "{{.Names}}\t{{.Pod}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).Where(fields => fields.Length < 2 || fields[1].Length == 0)
            .Select(fields => fields[0]).SingleOrDefault() ?? "";
        Assert.False(string.IsNullOrEmpty(postgres), $"no running container of {PostgresImage}");
        var sessions = await ClusterFixture.PodmanAsync("exec", "-e", $"PGPASSWORD={LocalSuite.DevelopmentPassword}", postgres,
            "/usr/lib/postgresql/15/bin/psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-At",
            "-c", "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'referraldb' AND application_name NOT LIKE 'psql%'");
        Assert.Contains("referraldb_app", sessions.Split('\n'));
    }
}
