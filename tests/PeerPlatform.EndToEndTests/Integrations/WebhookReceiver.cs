using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PeerPlatform.EndToEndTests.Integrations;

/// <summary>One request as the receiver got it.</summary>
public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string Body, DateTimeOffset ReceivedAt)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string Type => Json["type"]!.GetValue<string>();

    public JsonObject Data => Json["data"]!.AsObject();
}

/// <summary>
/// A trust system's webhook endpoint: real HTTP on a fixed loopback port, recording every request.
/// It can be stopped (the port refuses connections) and started again on the same port.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private WebApplication? app;

    public WebhookReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>How long the receiver takes before it answers (a slow receiver).</summary>
    public TimeSpan AnswerDelay { get; set; }

    public IEnumerable<ReceivedWebhook> At(string path) => received.Where(r => r.Path == "/" + path);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            received.Enqueue(new ReceivedWebhook(
                request.Path, request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), body, DateTimeOffset.UtcNow));
            await Task.Delay(AnswerDelay);
            return Results.NoContent();
        });
        await app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
