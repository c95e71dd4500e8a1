using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// The local Kubernetes overlay as <c>./peer cluster up</c> runs it with podman: the gateway on
/// 127.0.0.1:30080, and the pods' containers reached through podman (to read the databases as
/// the checker, kill a replica, see restarts). Started by <c>./peer cluster test</c>, not here:
/// bringing the cluster up is what the command under test does.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The development password the local overlay gives PostgreSQL (deploy/kubernetes/local).</summary>
    private const string PostgresPassword = "peer-local-dev-only";

    public Uri Gateway { get; } = new(Environment.GetEnvironmentVariable("PEER_CLUSTER_GATEWAY") ?? "http://127.0.0.1:30080");

    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Anonymous = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var health = await Anonymous.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"No healthy gateway at {Gateway}: run ./peer cluster up first (./peer cluster test does).");
            }

            await Task.Delay(1000);
        }
    }

    public Task DisposeAsync()
    {
        Anonymous.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A client of the gateway with a token of <paramref name="client"/> (the overlay's development clients).</summary>
    public async Task<HttpClient> RestAsAsync(ClientCredentials client)
    {
        var answer = await client.RequestTokenAsync(Anonymous);
        Assert.True(answer.Succeeded, $"token for {client.ClientId}: {(int)answer.Status} {answer.Body}");
        var rest = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(20) };
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", answer.AccessToken);
        return rest;
    }

    /// <summary>One query's rows (tab-separated columns) in a database of the cluster's PostgreSQL, as its superuser.</summary>
    public async Task<string[]> QueryAsync(string database, string sql)
    {
        var output = await PodmanAsync("exec", "-e", "PGPASSWORD=" + PostgresPassword, "postgres-postgres",
            "/usr/lib/postgresql/15/bin/psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async Task<long> ScalarAsync(string database, string sql) => long.Parse((await QueryAsync(database, sql)).Single(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Kills a pod's process with SIGKILL from outside podman, as the kernel's OOM killer or a
    /// crash would (podman leaves a container it killed itself stopped); its restart policy
    /// (Always, a Deployment's) brings it back.
    /// </summary>
    public async Task KillAsync(string container)
    {
        var pid = int.Parse((await PodmanAsync("inspect", "--format", "{{.State.Pid}}", container)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pid > 0, $"{container} is not running");
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }

    /// <summary>How often podman has restarted a container.</summary>
    public async Task<int> RestartsAsync(string container) =>
        int.Parse((await PodmanAsync("inspect", "--format", "{{.RestartCount}}", container)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<bool> IsRunningAsync(string container) =>
        (await PodmanAsync("inspect", "--format", "{{.State.Status}}", container)).Trim() == "running";

    public static async Task<string> PodmanAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The same runtime settings ./peer cluster runs podman with (runc, cgroupfs).
        start.Environment["CONTAINERS_CONF"] = Path.Combine(RepositoryPaths.Root, "deploy", "podman", "containers.conf");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"podman {string.Join(' ', arguments.Take(2))} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "The local overlay on podman";
}
