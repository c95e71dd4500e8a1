using FluentValidation;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Contracts.Operations.V1;
using PeerPlatform.Messaging.DeadLetters;
using PeerPlatform.Messaging.Faults;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Persistence;
using PeerPlatform.ServiceDefaults.Telemetry;

namespace PeerPlatform.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// MassTransit over RabbitMQ for one service: durable quorum queues named
    /// "{service}-{consumer}", publisher confirms, exponential retries then the "_error" queue,
    /// the transactional outbox of <typeparamref name="TDbContext"/> and its relay.
    /// Delayed redelivery is not used: it needs a broker plugin Debian does not ship.
    /// </summary>
    public static IHostApplicationBuilder AddPeerMessaging<TDbContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is not configured.");
        var brokerUri = new Uri(connectionString);

        var endpointNames = new ReceiveEndpointNames();
        builder.Services.AddSingleton(endpointNames);
        builder.Services.AddSingleton(sp => new DeadLetterQueues(brokerUri, serviceName, endpointNames, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DeadLetterQueues>>()));
        builder.Services.AddMessagingGauges<TDbContext>();
        builder.Services.AddScoped<IValidator<ListDeadLettersRequest>, ListDeadLettersValidator>();
        builder.Services.AddScoped<IValidator<RedriveDeadLettersRequest>, RedriveDeadLettersValidator>();

        // 64: a group commit can only hold what the broker has delivered (docs/decisions/0013).
        var prefetch = builder.Configuration.GetValue("Messaging:PrefetchCount", 64);
        builder.Services.AddMassTransit(bus =>
        {
            // Messaging:EndpointPrefix lets tests run several copies of a service side by side.
            var prefix = builder.Configuration["Messaging:EndpointPrefix"] is { Length: > 0 } configured ? configured : serviceName;
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false));
            configureConsumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((_, name, endpoint) =>
            {
                endpointNames.Add(name);
                // An outage of the service's own database outlasts quick retries: wait it out (the
                // message stays unacknowledged) instead of parking good messages in the error queue.
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Handle<Exception>(TransientFailures.IsTransient);
                    retry.Interval(40, TimeSpan.FromSeconds(5));
                });
                // Anything else is retried briefly, then moved to <queue>_error.
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Ignore<Exception>(TransientFailures.IsTransient);
                    retry.Exponential(
                        retryLimit: 5,
                        minInterval: TimeSpan.FromMilliseconds(200),
                        maxInterval: TimeSpan.FromSeconds(10),
                        intervalDelta: TimeSpan.FromMilliseconds(400));
                });
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                    // Messages in flight per queue: also the largest group a group-committed consumer can form.
                    rabbit.PrefetchCount = prefetch;
                }
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(brokerUri.Host, (ushort)(brokerUri.IsDefaultPort ? 5672 : brokerUri.Port), VirtualHost(brokerUri), host =>
                {
                    var (user, password) = Credentials(brokerUri);
                    host.Username(user);
                    host.Password(password);
                    host.PublisherConfirmation = true;
                    host.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
                });
                rabbit.ConfigureEndpoints(context);
            });
        });

        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            // Start without waiting for the broker: readiness reports it until it answers.
            options.WaitUntilStarted = false;
            options.StopTimeout = TimeSpan.FromSeconds(15);
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => IFaultPoints.For(builder.Configuration, serviceName, sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddScoped<Outbox<TDbContext>>();
        builder.Services.AddSingleton<InboxGroupCommit<TDbContext>>();
        builder.Services.AddOptions<OutboxRelayOptions>()
            .BindConfiguration("Outbox")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PublishTimeout > TimeSpan.Zero && o.MaxBackoff > TimeSpan.Zero,
                "Outbox:PollInterval, PublishTimeout and MaxBackoff must be positive.")
            .Validate(o => o.BatchSize is >= 1 and <= 10_000 && o.Workers is >= 1 and <= 16 && o.BatchWindow >= TimeSpan.Zero,
                "Outbox:BatchSize must be 1–10000, Workers 1–16 and BatchWindow not negative.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OutboxRelay<TDbContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TDbContext>>());
        builder.Services.AddHostedService<OutboxCommitListener<TDbContext>>();
        return builder;
    }

    /// <summary>Outbox backlog and the age of its oldest unsent event; error-queue depth per queue.</summary>
    private static IServiceCollection AddMessagingGauges<TDbContext>(this IServiceCollection services) where TDbContext : DbContext => services
        .AddSampledGauge(MessagingMetrics.MeterName, "peer.outbox.backlog", "{event}", "Committed events the relay has not yet published",
            async (provider, cancellationToken) =>
                [SampledGaugeExtensions.Reading(await provider.GetRequiredService<TDbContext>().Set<OutboxMessage>().CountAsync(m => m.SentAt == null, cancellationToken))])
        .AddSampledGauge(MessagingMetrics.MeterName, "peer.outbox.oldest_unsent_age", "s", "Age of the oldest committed event not yet published; 0 when none is waiting",
            async (provider, cancellationToken) =>
            {
                var oldest = await provider.GetRequiredService<TDbContext>().Set<OutboxMessage>()
                    .Where(m => m.SentAt == null).MinAsync(m => (DateTimeOffset?)m.OccurredAt, cancellationToken);
                var age = oldest is { } occurredAt ? (provider.GetRequiredService<TimeProvider>().GetUtcNow() - occurredAt).TotalSeconds : 0;
                return [SampledGaugeExtensions.Reading(Math.Max(0, age))];
            })
        .AddSampledGauge(MessagingMetrics.MeterName, "peer.messaging.error_queue.depth", "{message}", "Messages waiting in each error queue (dead letters) of the service",
            async (provider, cancellationToken) =>
                [.. (await provider.GetRequiredService<DeadLetterQueues>().DepthsAsync(cancellationToken))
                    .Select(q => SampledGaugeExtensions.Reading(q.Depth, ("queue", q.Queue)))]);

    private static string VirtualHost(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        return path.Length == 0 ? "/" : path;
    }

    private static (string User, string Password) Credentials(Uri uri)
    {
        var parts = uri.UserInfo.Split(':', 2);
        return parts.Length == 2 && parts[0].Length > 0
            ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
            : ("guest", "guest");
    }
}
