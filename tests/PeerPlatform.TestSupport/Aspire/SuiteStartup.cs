using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace PeerPlatform.TestSupport;

/// <summary>
/// Starts a built suite and waits until the gateway is healthy, failing fast — with every
/// resource's state and the tail of its console output — when a resource dies on the way or the
/// time runs out. Without it a suite that cannot start shows only "A task was canceled".
/// </summary>
public static class SuiteStartup
{
    private const int LinesKept = 40;

    public static async Task StartUntilGatewayHealthyAsync(DistributedApplication app, TimeSpan patience)
    {
        var states = new ConcurrentDictionary<string, string>();
        var output = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        using var watching = new CancellationTokenSource();
        var died = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        // Resources that others wait to see completed (the migration jobs) are meant to finish.
        var jobs = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .SelectMany(resource => resource.Annotations.OfType<WaitAnnotation>())
            .Where(wait => wait.WaitType == WaitType.WaitForCompletion)
            .Select(wait => wait.Resource.Name)
            .ToHashSet(StringComparer.Ordinal);
        _ = WatchStatesAsync();

        async Task WatchStatesAsync()
        {
            try
            {
                await foreach (var change in app.ResourceNotifications.WatchAsync(watching.Token))
                {
                    var name = change.Resource.Name;
                    var state = change.Snapshot.State?.Text ?? "?";
                    states[name] = $"{state}{(change.Snapshot.ExitCode is { } code ? $" (exit {code})" : "")}, health {change.Snapshot.HealthStatus?.ToString() ?? "-"}";
                    if (!output.ContainsKey(name) && output.TryAdd(name, new ConcurrentQueue<string>()))
                    {
                        _ = CollectOutputAsync(name);
                    }

                    // For a job, only a failure is a death.
                    var stopped = jobs.Contains(name)
                        ? state is "FailedToStart" || change.Snapshot.ExitCode is not (null or 0)
                        : state is "Exited" or "FailedToStart" or "Finished";
                    if (stopped)
                    {
                        died.TrySetResult(name);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        async Task CollectOutputAsync(string name)
        {
            try
            {
                await foreach (var batch in loggers.WatchAsync(name).WithCancellation(watching.Token))
                {
                    var lines = output[name];
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                        while (lines.Count > LinesKept && lines.TryDequeue(out _))
                        {
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        string Describe(string headline)
        {
            var report = new StringBuilder(headline).AppendLine();
            foreach (var (name, state) in states.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                report.AppendLine($"== {name}: {state}");
                if (output.TryGetValue(name, out var lines))
                {
                    foreach (var line in lines)
                    {
                        report.AppendLine($"   {line}");
                    }
                }
            }

            return report.ToString();
        }

        using var timeout = new CancellationTokenSource(patience);
        var started = Task.Run(async () =>
        {
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        });
        try
        {
            var first = await Task.WhenAny(started, died.Task);
            if (first == died.Task)
            {
                throw new InvalidOperationException(Describe($"the suite did not start: '{await died.Task}' stopped"));
            }

            await started;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException(Describe($"the suite did not become healthy within {patience.TotalMinutes:0.#} min"));
        }
        finally
        {
            await watching.CancelAsync();
        }
    }
}
