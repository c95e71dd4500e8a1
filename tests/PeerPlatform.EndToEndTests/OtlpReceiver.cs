using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// A minimal OTLP/HTTP receiver: keeps the raw protobuf bodies the suite exports (traces, logs,
/// metrics). Strings travel verbatim in protobuf, so searching the bytes for a marker finds it
/// in any span attribute, event, log message or log attribute.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> received = new();
    private readonly Task loop;

    public OtlpReceiver(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        loop = Task.Run(ReceiveAsync);
    }

    public string Endpoint { get; }

    public int Count(string signal) => received.Count(r => r.Signal == signal);

    /// <summary>Whether any exported body of <paramref name="signal"/> ("traces", "logs", "metrics") contains <paramref name="text"/>.</summary>
    public bool Contains(string signal, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return received.Any(r => r.Signal == signal && r.Body.AsSpan().IndexOf(needle) >= 0);
    }

    /// <summary>Printable runs of text in what was received for <paramref name="signal"/> containing <paramref name="text"/>: for failure messages.</summary>
    public IEnumerable<string> Excerpts(string signal, string text) => received
        .Where(r => r.Signal == signal)
        .SelectMany(r => System.Text.RegularExpressions.Regex.Matches(new string(Encoding.UTF8.GetString(r.Body).Select(c => c is < ' ' or > '~' ? '|' : c).ToArray()), "[^|]{12,}"))
        .Select(m => m.Value)
        .Where(v => v.Contains(text, StringComparison.Ordinal))
        .Distinct();

    /// <summary>Every span exported so far, decoded.</summary>
    public IReadOnlyList<ExportedSpan> Spans() => [.. Bodies("traces").SelectMany(OtlpModel.Spans)];

    /// <summary>Every metric data point exported so far, decoded (cumulative points: the newest per series is the total).</summary>
    public IReadOnlyList<ExportedMetricPoint> MetricPoints() => [.. Bodies("metrics").SelectMany(OtlpModel.MetricPoints)];

    /// <summary>Every log record exported so far, decoded.</summary>
    public IReadOnlyList<ExportedLogRecord> LogRecords() => [.. Bodies("logs").SelectMany(OtlpModel.LogRecords)];

    private IEnumerable<byte[]> Bodies(string signal) => received.Where(r => r.Signal == signal).Select(r => r.Body).ToList();

    private async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var signal = context.Request.Url?.AbsolutePath.TrimStart('/').Replace("v1/", "", StringComparison.Ordinal) ?? "unknown";
            received.Enqueue((signal, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
