using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Messaging;
using PeerPlatform.Outcomes;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Persistence;
using PeerPlatform.Referral;
using PeerPlatform.Referral.Data;
using PeerPlatform.Supervision;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Workforce;
using PeerPlatform.Workforce.Data;

namespace PeerPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The Referral and Outcomes services' own registrations (database, messaging, features) in a
/// generic host, against the fixture's real PostgreSQL and RabbitMQ. Each host gets its own
/// database and queue prefix, so tests never consume each other's messages.
/// </summary>
internal static class ServiceHosts
{
    public static Task<IHost> StartReferralAsync(InfrastructureFixture infrastructure, string database, Action<IDictionary<string, string?>>? configure = null) =>
        StartAsync(infrastructure, "referraldb", database, configure, builder => builder.AddReferralService(), host => host.PrepareDatabaseAsync<ReferralDbContext>());

    /// <param name="clock">The service's clock, for a test at a chosen moment (the system clock otherwise).</param>
    public static Task<IHost> StartWorkforceAsync(InfrastructureFixture infrastructure, string database, TimeProvider? clock = null) =>
        StartAsync(infrastructure, "workforcedb", database, null, builder =>
        {
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            builder.AddWorkforceService();
        }, host => host.PrepareDatabaseAsync<WorkforceDbContext>());

    public static Task<IHost> StartSupervisionAsync(InfrastructureFixture infrastructure, string database) =>
        StartAsync(infrastructure, "supervisiondb", database, settings => settings["Supervision:OverdueCheckInterval"] = "01:00:00", builder => builder.AddSupervisionService(), host => host.PrepareDatabaseAsync<SupervisionDbContext>());

    public static Task<IHost> StartOutcomesAsync(InfrastructureFixture infrastructure, string database) =>
        StartAsync(infrastructure, "outcomesdb", database, null, builder => builder.AddOutcomesService(), host => host.PrepareDatabaseAsync<OutcomesDbContext>());

    /// <summary>A host with the messaging building block and the given consumers, on an Outcomes database.</summary>
    public static Task<IHost> StartMessagingAsync(InfrastructureFixture infrastructure, string database, Action<IBusRegistrationConfigurator> consumers) =>
        StartAsync(infrastructure, "outcomesdb", database, null, builder =>
        {
            builder.AddPeerDatabase<OutcomesDbContext>("outcomesdb");
            builder.AddPeerMessaging<OutcomesDbContext>("messaging-test", consumers);
        }, host => host.PrepareDatabaseAsync<OutcomesDbContext>());

    /// <summary>The Referral service's host, built but neither prepared nor started.</summary>
    public static IHost BuildReferral(InfrastructureFixture infrastructure, string database, Action<IDictionary<string, string?>>? configure = null) =>
        Build(infrastructure, "referraldb", database, configure, builder => builder.AddReferralService(), out _);

    private static async Task<IHost> StartAsync(
        InfrastructureFixture infrastructure,
        string connectionName,
        string database,
        Action<IDictionary<string, string?>>? configure,
        Action<IHostApplicationBuilder> addService,
        Func<IHost, Task> migrate)
    {
        var host = Build(infrastructure, connectionName, database, configure, addService, out var settings);
        await migrate(host);
        await host.StartAsync();
        if (settings["ConnectionStrings:rabbitmq"] != infrastructure.RabbitConnectionString)
        {
            return host; // a test that points the host at a broker that is not there
        }

        // The services start without waiting for the broker; tests wait until every receive
        // endpoint is bound, so a message published next cannot miss its queue.
        await host.Services.GetRequiredService<IBusControl>()
            .WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return host;
    }

    private static IHost Build(
        InfrastructureFixture infrastructure,
        string connectionName,
        string database,
        Action<IDictionary<string, string?>>? configure,
        Action<IHostApplicationBuilder> addService,
        out Dictionary<string, string?> settings)
    {
        settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{connectionName}"] = infrastructure.ConnectionString(database),
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitConnectionString,
            ["Messaging:EndpointPrefix"] = database,
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        configure?.Invoke(settings);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        addService(builder);
        return builder.Build();
    }

    public static async Task StopQuietlyAsync(this IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.StopAsync(timeout.Token);
        host.Dispose();
        // Every test has a database of its own, so a pool of its own, whose idle connections
        // would stay open for minutes: enough of them filled max_connections ("53300: sorry,
        // too many clients already") under a loaded machine.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    public static async Task<T> WithScopeAsync<T>(this IHost host, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(100);
        }
    }
}
