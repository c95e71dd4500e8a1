using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PeerPlatform.IntegrationTests.Infrastructure;

/// <summary>Collects the measurements of one instrument (a counter's increments, a histogram's values) while alive.</summary>
public sealed class InstrumentWatcher : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<long> values = new();

    public InstrumentWatcher(string meterName, string instrumentName)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => values.Enqueue(value));
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => values.Enqueue(value));
        listener.Start();
    }

    public long Total => values.Sum();

    public IReadOnlyList<long> Values => [.. values];

    public void Dispose() => listener.Dispose();
}
