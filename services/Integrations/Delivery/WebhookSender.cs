using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using PeerPlatform.Integrations.Domain;
using StandardWebhooks;

namespace PeerPlatform.Integrations.Delivery;

/// <summary>One delivery ready to post: the body is the same on every attempt, the signature is made per attempt.</summary>
internal sealed record WebhookMessage(Guid DeliveryId, string Url, string Body, IReadOnlyList<string> Secrets);

/// <summary>
/// Posts signed webhook bodies as the Standard Webhooks specification says: headers webhook-id,
/// webhook-timestamp (Unix seconds) and webhook-signature ("v1,&lt;base64 HMAC-SHA256 of
/// id.timestamp.body&gt;", one per secret in force, space-separated). Redirects are not followed,
/// every address connected to is checked (<see cref="WebhookTargets"/>), the answer is timed out
/// and read only up to a cap, and nothing of it is kept but its status code.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private readonly HttpClient client;
    private readonly WebhookOptions options;
    private readonly TimeProvider clock;

    public WebhookSender(WebhookTargets targets, IOptions<WebhookOptions> options, TimeProvider clock)
    {
        this.options = options.Value;
        this.clock = clock;
        // Not from IHttpClientFactory: the service defaults would add retries (the dispatcher owns
        // those) and service discovery (receivers are outside the platform).
        client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = this.options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(targets, context, cancellationToken),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("PeerPlatform-Webhooks/1.0");
    }

    public static string Body(PublishedEvent published) => new StringBuilder(160 + published.Data.Length)
        .Append("{\"type\":\"").Append(published.Type)
        .Append("\",\"timestamp\":\"").Append(published.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
        .Append("\",\"eventId\":\"").Append(published.EventId)
        .Append("\",\"data\":").Append(published.Data)
        .Append('}').ToString();

    /// <summary>The webhook-signature header for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Signature(string webhookId, DateTimeOffset timestamp, string body, IEnumerable<string> secrets) =>
        string.Join(' ', secrets.Select(secret => new StandardWebhook(secret).Sign(webhookId, timestamp, body)));

    public async Task<DeliveryAttemptRecord> SendAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var attemptedAt = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var webhookId = message.DeliveryId.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", attemptedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Signature(webhookId, attemptedAt, message.Body, message.Secrets));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var (statusCode, error) = await PostAsync(request, timeout.Token, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        WebhookMetrics.AttemptDuration.Record(elapsed.TotalSeconds);
        return new DeliveryAttemptRecord(0, attemptedAt, statusCode, (int)Math.Min(int.MaxValue, elapsed.TotalMilliseconds), error);
    }

    private async Task<(int StatusCode, string Error)> PostAsync(HttpRequestMessage request, CancellationToken timeout, CancellationToken stopping)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout);
            var statusCode = (int)response.StatusCode;
            if (!await ReadWithinCapAsync(response, timeout))
            {
                return (statusCode, "response_too_large");
            }

            return statusCode switch
            {
                >= 200 and < 300 => (statusCode, ""),
                >= 300 and < 400 => (statusCode, "redirect_not_followed"),
                _ => (statusCode, "http_status"),
            };
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (0, "timeout");
        }
        catch (HttpRequestException exception) when (exception.InnerException is AddressNotAllowedException)
        {
            return (0, "address_not_allowed");
        }
        catch (HttpRequestException)
        {
            return (0, "connection_failed");
        }
    }

    /// <summary>Reads and discards the answer (so the connection can be reused); false when it is longer than the cap.</summary>
    private async Task<bool> ReadWithinCapAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
        {
            return false;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[8192];
        var total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > options.MaxResponseBytes)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Connects only to addresses the rules allow, checked after resolving, so DNS cannot point a name inside later.</summary>
    private static async ValueTask<Stream> ConnectAsync(WebhookTargets targets, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        if (addresses.Length == 0 || !addresses.All(targets.Allows))
        {
            throw new AddressNotAllowedException();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => client.Dispose();

    private sealed class AddressNotAllowedException() : IOException("The receiver's address is not one webhooks may be delivered to.");
}
