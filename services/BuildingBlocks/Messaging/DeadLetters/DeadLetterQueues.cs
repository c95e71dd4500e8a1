using System.Text;
using System.Text.Json;
using FluentValidation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using PeerPlatform.Contracts.Operations.V1;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace PeerPlatform.Messaging.DeadLetters;

/// <summary>The receive endpoints (queues) this service's consumers listen on, as MassTransit named them.</summary>
public sealed class ReceiveEndpointNames
{
    private readonly HashSet<string> names = [];

    internal void Add(string name)
    {
        lock (names)
        {
            names.Add(name);
        }
    }

    public IReadOnlyList<string> All
    {
        get
        {
            lock (names)
            {
                return [.. names.Order(StringComparer.Ordinal)];
            }
        }
    }
}

/// <summary>
/// Lists and re-drives a service's dead letters: the messages MassTransit moved to
/// "&lt;queue&gt;_error" after the consumer's retries. Reading takes messages without acknowledging
/// them and gives them back (nothing leaves the queue); re-driving publishes each chosen message
/// to its source queue, waits for the broker's confirm, and only then removes it from the error
/// queue, so a failure part-way leaves it in one queue or (at worst) both — never neither. The
/// consumer's inbox makes a message that ends up in both harmless. Payloads never leave here.
/// </summary>
public sealed class DeadLetterQueues(Uri brokerUri, string serviceName, ReceiveEndpointNames endpoints, ILogger<DeadLetterQueues> logger) : IAsyncDisposable
{
    public const int MaxPageSize = 500;
    private const string ErrorSuffix = "_error";
    private readonly SemaphoreSlim gaugeConnectionLock = new(1, 1);
    private IConnection? gaugeConnection;

    public async Task<ListDeadLettersResponse> ListAsync(ListDeadLettersRequest request, CancellationToken cancellationToken)
    {
        var queues = request.Queue.Length > 0 ? [ErrorQueue(request.Queue)] : endpoints.All.Select(name => name + ErrorSuffix).ToList();
        var pageSize = request.PageSize == 0 ? 100 : request.PageSize;
        var response = new ListDeadLettersResponse();
        await using var connection = await ConnectAsync(cancellationToken);
        foreach (var queue in queues)
        {
            var count = await MessageCountAsync(connection, queue, cancellationToken);
            response.Queues.Add(new DeadLetterQueue { Name = queue, SourceQueue = SourceOf(queue), MessageCount = count ?? 0 });
            if (count is null or 0 || response.DeadLetters.Count >= pageSize)
            {
                continue;
            }

            // Closing the channel without acknowledging returns every message read to the queue.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            for (var read = 0; read < count && response.DeadLetters.Count < pageSize; read++)
            {
                var message = await channel.BasicGetAsync(queue, autoAck: false, cancellationToken);
                if (message is null)
                {
                    break;
                }

                response.DeadLetters.Add(Describe(queue, message));
            }
        }

        return response;
    }

    /// <summary>Messages in each of the service's error queues (0 for one not created yet): the error-queue depth gauge.</summary>
    public async Task<IReadOnlyList<(string Queue, long Depth)>> DepthsAsync(CancellationToken cancellationToken)
    {
        // The gauge reads often: one connection is kept for it and replaced when the broker drops it.
        await gaugeConnectionLock.WaitAsync(cancellationToken);
        try
        {
            if (gaugeConnection is not { IsOpen: true })
            {
                if (gaugeConnection is not null)
                {
                    await gaugeConnection.DisposeAsync();
                }

                gaugeConnection = null;
                gaugeConnection = await ConnectAsync(cancellationToken);
            }

            var depths = new List<(string, long)>();
            foreach (var queue in endpoints.All.Select(name => name + ErrorSuffix))
            {
                depths.Add((queue, await MessageCountAsync(gaugeConnection, queue, cancellationToken) ?? 0));
            }

            return depths;
        }
        finally
        {
            gaugeConnectionLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (gaugeConnection is not null)
        {
            await gaugeConnection.DisposeAsync();
        }

        gaugeConnectionLock.Dispose();
    }

    public async Task<RedriveDeadLettersResponse> RedriveAsync(RedriveDeadLettersRequest request, CancellationToken cancellationToken)
    {
        var queue = ErrorQueue(request.Queue);
        var source = SourceOf(queue);
        var wanted = request.MessageIds.Select(Guid.Parse).ToHashSet();
        var found = new HashSet<Guid>();
        await using var connection = await ConnectAsync(cancellationToken);
        var count = await MessageCountAsync(connection, queue, cancellationToken) ?? 0;
        var moved = 0;
        await using (var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken))
        {
            // Only the messages there when we started: others that are read but not chosen stay
            // unacknowledged until the channel closes, so none is read twice.
            for (var read = 0; read < count; read++)
            {
                var message = await channel.BasicGetAsync(queue, autoAck: false, cancellationToken);
                if (message is null)
                {
                    break;
                }

                var id = Guid.TryParse(message.BasicProperties.MessageId, out var parsed) ? parsed : Guid.Empty;
                if (wanted.Count > 0 && !wanted.Contains(id))
                {
                    continue;
                }

                found.Add(id);
                var properties = new BasicProperties(message.BasicProperties) { Persistent = true };
                if (properties.Headers is { } headers)
                {
                    // A re-driven message starts afresh: it no longer carries the old fault.
                    properties.Headers = headers.Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
                        .ToDictionary(h => h.Key, h => h.Value);
                }

                await channel.BasicPublishAsync(string.Empty, source, mandatory: true, properties, message.Body, cancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                moved++;
            }
        }

        logger.LogWarning("Re-drove {Moved} dead letters from {Queue} to {SourceQueue}", moved, queue, source);
        var response = new RedriveDeadLettersResponse { Moved = moved };
        response.NotFound.AddRange(wanted.Where(id => !found.Contains(id)).Select(id => id.ToString()));
        return response;
    }

    private string ErrorQueue(string name)
    {
        var known = endpoints.All.Select(endpoint => endpoint + ErrorSuffix);
        return known.Contains(name, StringComparer.Ordinal)
            ? name
            : throw new RpcException(new Status(StatusCode.NotFound, $"'{name}' is not an error queue of the {serviceName} service; ListDeadLetters names them."));
    }

    private static string SourceOf(string errorQueue) => errorQueue[..^ErrorSuffix.Length];

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        // No automatic recovery: a recovering connection keeps every channel it opened, even one
        // the broker closed (each reading of a missing queue), and grew without bound. A dropped
        // connection is replaced by the next reading instead.
        var factory = new ConnectionFactory
        {
            Uri = brokerUri,
            ClientProvidedName = $"{serviceName}-dead-letters",
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
        };
        try
        {
            return await factory.CreateConnectionAsync(cancellationToken);
        }
        catch (BrokerUnreachableException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The message broker is temporarily unavailable; try again shortly."));
        }
    }

    /// <summary>The queue's message count, or null when it does not exist (MassTransit creates it with the first fault).</summary>
    private static async Task<long?> MessageCountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes its channel, so each gets its own.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return null;
        }
    }

    private static DeadLetter Describe(string queue, BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
        var deadLetter = new DeadLetter
        {
            Queue = queue,
            MessageId = message.BasicProperties.MessageId ?? string.Empty,
            MessageType = MessageType(message.Body),
            ExceptionType = Text(headers, "MT-Fault-ExceptionType"),
            ExceptionMessage = Text(headers, "MT-Fault-Message"),
        };
        if (DateTimeOffset.TryParse(Text(headers, "MT-Fault-Timestamp"), out var faultedAt))
        {
            deadLetter.FaultedAt = Timestamp.FromDateTimeOffset(faultedAt);
        }

        return deadLetter;
    }

    private static string Text(IDictionary<string, object?> headers, string key) => headers.TryGetValue(key, out var value)
        ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => string.Empty,
            _ => value.ToString() ?? string.Empty,
        }
        : string.Empty;

    /// <summary>The first message type of MassTransit's envelope; the payload itself is not read.</summary>
    private static string MessageType(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var envelope = JsonDocument.Parse(body);
            return envelope.RootElement.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
                ? types[0].GetString() ?? string.Empty
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}

internal sealed class ListDeadLettersValidator : AbstractValidator<ListDeadLettersRequest>
{
    public ListDeadLettersValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, DeadLetterQueues.MaxPageSize);
        RuleFor(r => r.Queue).MaximumLength(255);
    }
}

internal sealed class RedriveDeadLettersValidator : AbstractValidator<RedriveDeadLettersRequest>
{
    public RedriveDeadLettersValidator()
    {
        RuleFor(r => r.Queue).NotEmpty().MaximumLength(255);
        RuleFor(r => r.MessageIds).Must(ids => ids.Count <= 1000).WithMessage("At most 1000 message ids at once.");
        RuleForEach(r => r.MessageIds).Must(id => Guid.TryParse(id, out _)).WithMessage("Each message id must be a UUID, as ListDeadLetters shows it.");
    }
}
