using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PeerPlatform.AppHost.Infrastructure;

/// <summary>A server the AppHost runs from local binaries (PostgreSQL, RabbitMQ): how to name it when it stops.</summary>
public sealed class LocalServerAnnotation(string description, string address) : IResourceAnnotation
{
    /// <summary>What it is, e.g. "PostgreSQL".</summary>
    public string Description { get; } = description;

    /// <summary>Where it listens, e.g. "127.0.0.1:7432".</summary>
    public string Address { get; } = address;
}

/// <summary>
/// Keeps a run from waiting for ever. A resource that waits for another (WaitFor) waits through
/// that one's exit indefinitely, so until the suite is up (every service Running and healthy) any
/// resource that stops — PostgreSQL or RabbitMQ exiting, a migration job failing, a service
/// crashing — stops the whole run, with a message that names it, its address and the last lines
/// of its output. With <c>Startup:TimeoutSeconds</c> set, a suite not up by then stops the same
/// way, naming what is not ready. Once the suite is up, PostgreSQL or RabbitMQ stopping is
/// reported the same way but the run goes on: they are stopped and started again on purpose from
/// the dashboard (and by the chaos suite), and the services recover once they are back.
/// It starts with the application (<see cref="BeforeStartEvent"/>), not as a hosted service: the
/// host starts those one after another, and the orchestrator's own start returns only once every
/// resource has started, which is the wait this watch is there to end.
/// </summary>
internal sealed partial class StartupWatch(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    ILogger<StartupWatch> logger)
{
    private const int LinesShown = 12;

    private readonly ConcurrentDictionary<string, ResourceEvent> latest = new(StringComparer.Ordinal);
    private readonly HashSet<string> jobs = model.Resources
        .SelectMany(resource => resource.Annotations.OfType<WaitAnnotation>())
        .Where(wait => wait.WaitType == WaitType.WaitForCompletion)
        .Select(wait => wait.Resource.Name)
        .ToHashSet(StringComparer.Ordinal);

    private volatile bool up;

    private static volatile bool anyFailed;

    /// <summary>True once the watch has stopped the run because the suite could not start.</summary>
    public bool Failed { get; private set; }

    /// <summary>
    /// True once a watch has stopped its run: the host then reports its interrupted start as
    /// "Hosting failed to start" with a stack trace, which says nothing the watch has not.
    /// </summary>
    public static bool AnyFailed => anyFailed;

    /// <summary>Starts watching (once the application model is built; see the class summary).</summary>
    public void Start() => _ = Task.Run(() => WatchAsync(lifetime.ApplicationStopping));

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        // The services (not their migration jobs, which are meant to finish): the suite is up once all are healthy.
        var services = model.Resources.OfType<ProjectResource>().Select(resource => resource.Name).Where(name => !jobs.Contains(name)).ToHashSet(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var seconds = configuration.GetValue<int?>("Startup:TimeoutSeconds") ?? 0;
        using var patience = seconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var deadline = patience.Token.Register(() =>
        {
            if (!up)
            {
                _ = StopBecauseNotUpAsync(seconds);
            }
        });

        try
        {
            await foreach (var change in notifications.WatchAsync(watching.Token))
            {
                if (change.Resource is not (ProjectResource or ExecutableResource or ContainerResource))
                {
                    continue;
                }

                var name = change.Resource.Name;
                latest[name] = change;
                var snapshot = change.Snapshot;
                var state = snapshot.State?.Text;
                if (!up && services.Count > 0 && services.All(service => latest.TryGetValue(service, out var seen)
                        && seen.Snapshot.State?.Text == KnownResourceStates.Running && seen.Snapshot.HealthStatus == HealthStatus.Healthy))
                {
                    up = true;
                    logger.LogInformation("The suite is up; from now on PostgreSQL or RabbitMQ stopping is reported, not fatal");
                }

                if (lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    return;
                }

                var stopped = jobs.Contains(name)
                    ? state == KnownResourceStates.FailedToStart || snapshot.ExitCode is not (null or 0)
                    : state is not null && (KnownResourceStates.TerminalStates.Contains(state) || state is "Terminated" || state == KnownResourceStates.RuntimeUnhealthy);
                if (!stopped)
                {
                    reported.Remove(name);
                    continue;
                }

                if (!up)
                {
                    await StopBecauseStoppedAsync(change);
                    return;
                }

                if (change.Resource.Annotations.OfType<LocalServerAnnotation>().SingleOrDefault() is { } server && reported.Add(name))
                {
                    logger.LogError("{What} stopped ({How}). The services cannot work without it: start it again from the dashboard, or stop the suite.{Output}",
                        Describe(change.Resource, server), How(snapshot), await LastLinesAsync(change.Resource));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task StopBecauseStoppedAsync(ResourceEvent change)
    {
        var server = change.Resource.Annotations.OfType<LocalServerAnnotation>().SingleOrDefault();
        var what = server is not null ? Describe(change.Resource, server)
            : jobs.Contains(change.Resource.Name) ? $"the migration job '{change.Resource.Name}'"
            : change.Resource is ProjectResource ? $"the service '{change.Resource.Name}'"
            : $"'{change.Resource.Name}'";
        Stop($"The suite cannot start: {what} stopped before the suite was up ({How(change.Snapshot)}).{await LastLinesAsync(change.Resource)}");
    }

    private async Task StopBecauseNotUpAsync(int seconds)
    {
        var report = new StringBuilder($"The suite cannot start: it was not up within {seconds} s (Startup:TimeoutSeconds). Not ready:");
        foreach (var change in latest.Values.OrderBy(change => change.Resource.Name, StringComparer.Ordinal))
        {
            var snapshot = change.Snapshot;
            var ready = jobs.Contains(change.Resource.Name)
                ? snapshot.ExitCode == 0
                : snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus is null or HealthStatus.Healthy;
            if (ready)
            {
                continue;
            }

            var server = change.Resource.Annotations.OfType<LocalServerAnnotation>().SingleOrDefault();
            report.Append($"{Environment.NewLine}{(server is null ? $"'{change.Resource.Name}'" : Describe(change.Resource, server))}: {snapshot.State?.Text ?? "not started"}, health {snapshot.HealthStatus?.ToString() ?? "unknown"}.");
            report.Append(await LastLinesAsync(change.Resource));
        }

        Stop(report.ToString());
    }

    private void Stop(string message)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        Failed = true;
        anyFailed = true;
        logger.LogCritical("{Message}{NewLine}Stopping the suite.", message, Environment.NewLine);
        lifetime.StopApplication();
    }

    private static string Describe(IResource resource, LocalServerAnnotation server) =>
        $"{server.Description} (resource '{resource.Name}', {server.Address})";

    private static string How(CustomResourceSnapshot snapshot) =>
        snapshot.ExitCode is { } code ? $"{snapshot.State?.Text}, exit code {code}" : snapshot.State?.Text ?? "stopped";

    /// <summary>
    /// The last lines of a resource's console output, without timestamps, colours, stack frames or
    /// the orchestrator's own lines; for a .NET process that died of an exception, the exception's
    /// message and its inner exceptions' instead, which say why.
    /// </summary>
    private async Task<string> LastLinesAsync(IResource resource)
    {
        // The orchestrator hands on a process's last output a moment after it exits.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var lines = new List<string>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(patience.Token))
            {
                foreach (var line in batch)
                {
                    var content = Colour().Replace(Timestamp().Replace(line.Content, ""), "").TrimEnd();
                    if (content.Length > 0 && !StackFrame().IsMatch(content) && !content.StartsWith("[sys] ", StringComparison.Ordinal))
                    {
                        lines.Add(content);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        var crash = lines.FindLastIndex(line => line.StartsWith("Unhandled exception.", StringComparison.Ordinal));
        var shown = crash >= 0
            ? lines.Skip(crash).TakeWhile(line => line.Trim() != "Exception data:").Take(LinesShown).ToList()
            : lines.TakeLast(LinesShown).ToList();
        return shown.Count == 0
            ? " It wrote no output."
            : $" {(crash >= 0 ? "It died of" : "Last lines of its output")}:{Environment.NewLine}{string.Join(Environment.NewLine, shown.Select(line => "    " + line))}";
    }

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex Colour();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})? ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^\s+at |^\s*--- End of ")]
    private static partial Regex StackFrame();
}
