using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace PeerPlatform.ServiceDefaults.Telemetry;

/// <summary>Reads the current value(s) of a gauge, e.g. with a count query; runs in its own service scope.</summary>
public delegate Task<IReadOnlyList<Measurement<double>>> GaugeSample(IServiceProvider services, CancellationToken cancellationToken);

/// <summary>
/// A gauge whose value comes from a query (outbox backlog, referrals by status, overdue
/// supervision). Exporters collect gauges often (every second in tests, every scrape in
/// Prometheus), so the query does not run at collection time: <see cref="GaugeSampler"/> runs it
/// every <c>Telemetry:GaugeInterval</c> (15 s by default) and the gauge reports the last reading.
/// A failed reading reports nothing rather than a stale number.
/// </summary>
public sealed class SampledGauge
{
    private IReadOnlyList<Measurement<double>> latest = [];

    // The meter comes from the host's IMeterFactory, so it is disposed with the host (tests run
    // several hosts in one process; a stopped host must not keep reporting its last reading).
    internal SampledGauge(IMeterFactory meters, string meterName, string name, string unit, string description, GaugeSample sample)
    {
        Name = name;
        Sample = sample;
        meters.Create(meterName).CreateObservableGauge(name, () => Volatile.Read(ref latest), unit, description);
    }

    public string Name { get; }

    internal GaugeSample Sample { get; }

    internal void Update(IReadOnlyList<Measurement<double>> measurements) => Volatile.Write(ref latest, measurements);
}

public static class SampledGaugeExtensions
{
    /// <summary>Registers a gauge read by <paramref name="sample"/> on the sampler's schedule. Name it "peer.…"; tags carry names, never data.</summary>
    public static IServiceCollection AddSampledGauge(
        this IServiceCollection services, string meterName, string name, string unit, string description, GaugeSample sample)
    {
        services.AddMetrics();
        services.AddSingleton(provider => new SampledGauge(provider.GetRequiredService<IMeterFactory>(), meterName, name, unit, description, sample));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GaugeSampler>());
        return services;
    }

    /// <summary>One measurement with optional tags.</summary>
    public static Measurement<double> Reading(double value, params (string Key, string Value)[] tags) =>
        new(value, tags.Select(tag => new KeyValuePair<string, object?>(tag.Key, tag.Value)));
}

/// <summary>Takes a reading of every <see cref="SampledGauge"/> on a fixed interval.</summary>
public sealed class GaugeSampler(IEnumerable<SampledGauge> gauges, IServiceScopeFactory scopes, IConfiguration configuration, ILogger<GaugeSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Telemetry:GaugeInterval", TimeSpan.FromSeconds(15));
        using var timer = new PeriodicTimer(interval);
        do
        {
            foreach (var gauge in gauges)
            {
                try
                {
                    // The sampling queries are housekeeping, not requests: no spans for them.
                    using var quiet = SuppressInstrumentationScope.Begin();
                    await using var scope = scopes.CreateAsyncScope();
                    gauge.Update(await gauge.Sample(scope.ServiceProvider, stoppingToken));
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    gauge.Update([]);
                    logger.LogDebug("Reading gauge {Gauge} failed ({ExceptionType})", gauge.Name, exception.GetType().Name);
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
