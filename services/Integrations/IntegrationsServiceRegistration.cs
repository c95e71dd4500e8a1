using System.Net;
using MassTransit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Grpc;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Delivery;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Integrations.Events;
using PeerPlatform.Integrations.Webhooks;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;
using PeerPlatform.ServiceDefaults.Telemetry;

namespace PeerPlatform.Integrations;

internal static class IntegrationsServiceRegistration
{
    /// <summary>Everything the Integrations service needs besides its transport: database, messaging, the feed, webhooks.</summary>
    public static IHostApplicationBuilder AddIntegrationsService(this IHostApplicationBuilder builder)
    {
        builder.AddPeerDatabase<IntegrationsDbContext>("integrationsdb");
        // Every published event type on one queue, taken one at a time: the feed then records
        // events in the order the broker holds them, and a subject's events keep their order.
        // With replicas, one consumes at a time (RabbitMQ's single active consumer), the others
        // standing by, so two replicas never record one subject's events out of order.
        var prefix = builder.Configuration["Messaging:EndpointPrefix"] is { Length: > 0 } configured ? configured : "integrations";
        var queue = $"{prefix}-published-events";
        builder.AddPeerMessaging<IntegrationsDbContext>("integrations", bus =>
        {
            foreach (var published in EventCatalogue.All)
            {
                bus.AddConsumer(typeof(RecordPublishedEvent<>).MakeGenericType(published.EventType))
                    .Endpoint(endpoint =>
                    {
                        endpoint.Name = queue;
                        endpoint.ConcurrentMessageLimit = 1;
                    });
            }

            bus.AddConfigureEndpointsCallback((_, name, endpoint) =>
            {
                if (name == queue && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SingleActiveConsumer = true;
                }
            });
        });
        builder.AddPeerIdempotency<IntegrationsDbContext>();
        builder.Services.AddDataProtection()
            .SetApplicationName("PeerPlatform.Integrations")
            .PersistKeysToDbContext<IntegrationsDbContext>();

        builder.Services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.AllowedNetworks.All(n => IPNetwork.TryParse(n, out _)), "Webhooks:AllowedNetworks must be CIDR networks (\"10.20.0.0/16\").")
            .ValidateOnStart();
        builder.Services.AddOptions<EventFeedOptions>()
            .BindConfiguration(EventFeedOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            return new WebhookTargets(options.AllowLoopback, [.. options.AllowedNetworks.Select(n => IPNetwork.Parse(n))]);
        });
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            return new RetrySchedule(options.FirstRetryDelay, options.MaxRetryDelay, options.GiveUpAfter);
        });

        builder.Services.AddScoped<ListEventsHandler>();
        builder.Services.AddSingleton<EventRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventRetention>());

        builder.Services.AddScoped<SubscriptionScope>();
        builder.Services.AddScoped<CreateSubscriptionHandler>();
        builder.Services.AddScoped<GetSubscriptionHandler>();
        builder.Services.AddScoped<ListSubscriptionsHandler>();
        builder.Services.AddScoped<UpdateSubscriptionHandler>();
        builder.Services.AddScoped<DeleteSubscriptionHandler>();
        builder.Services.AddScoped<RotateSubscriptionSecretHandler>();
        builder.Services.AddScoped<ListDeliveriesHandler>();
        builder.Services.AddScoped<ResendDeliveryHandler>();
        builder.Services.AddScoped<ListEventTypesHandler>();

        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<WebhookDispatcher>();
        builder.Services.AddWebhookGauges();
        return builder;
    }

    /// <summary>What operators alert on: subscriptions given up on, and deliveries waiting (with the oldest one's age).</summary>
    private static IServiceCollection AddWebhookGauges(this IServiceCollection services) => services
        .AddSampledGauge(WebhookMetrics.MeterName, "peer.webhooks.subscriptions.failing", "{subscription}", "Webhook subscriptions whose deliveries were given up after retries",
            async (provider, cancellationToken) =>
                [SampledGaugeExtensions.Reading(await provider.GetRequiredService<IntegrationsDbContext>().Subscriptions.CountAsync(s => s.Status == SubscriptionStatus.Failing, cancellationToken))])
        .AddSampledGauge(WebhookMetrics.MeterName, "peer.webhooks.pending", "{delivery}", "Webhook deliveries waiting for their first attempt or a retry",
            async (provider, cancellationToken) =>
                [SampledGaugeExtensions.Reading(await provider.GetRequiredService<IntegrationsDbContext>().Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, cancellationToken))])
        .AddSampledGauge(WebhookMetrics.MeterName, "peer.webhooks.oldest_pending_age", "s", "Age of the oldest webhook delivery not yet made; 0 when none is waiting",
            async (provider, cancellationToken) =>
            {
                var oldest = await provider.GetRequiredService<IntegrationsDbContext>().Deliveries
                    .Where(d => d.Status == DeliveryStatus.Pending).MinAsync(d => (DateTimeOffset?)d.CreatedAt, cancellationToken);
                var age = oldest is { } createdAt ? (provider.GetRequiredService<TimeProvider>().GetUtcNow() - createdAt).TotalSeconds : 0;
                return [SampledGaugeExtensions.Reading(Math.Max(0, age))];
            });
}
