using PeerPlatform.AppHost.Infrastructure;

namespace PeerPlatform.AppHost;

/// <summary>
/// A domain service's schema is migrated by a job of its own before the service starts: the same
/// project run with <c>Database:Migrations=ApplyAndExit</c> ("referral-migrations" in the
/// dashboard, Finished once it has applied them), as a Kubernetes Job or init container would run
/// it. The service then only verifies that nothing is pending (<c>Database:Migrations=Verify</c>):
/// EF Core's migration machinery (every migration's model, the differ, the SQL generator) never
/// enters its memory, and its replicas never race to migrate. Identity, whose single migration
/// creates OpenIddict's tables, still migrates at start.
/// </summary>
internal static class MigrationJobs
{
    public static IResourceBuilder<ProjectResource> AfterMigrationJob<TProject>(
        this IResourceBuilder<ProjectResource> service,
        IDistributedApplicationBuilder builder,
        PeerInfrastructure infrastructure,
        string database)
        where TProject : IProjectMetadata, new()
    {
        // The broker's address too: the service registers its messaging whatever it then runs.
        var job = infrastructure.ConnectAsOwner(
            builder.AddProject<TProject>($"{service.Resource.Name}-migrations", launchProfileName: null)
                .WithEnvironment("Database__Migrations", "ApplyAndExit")
                // It runs its code once, which is what quick JIT (off in the services' runtimeconfig) is for.
                .WithEnvironment("DOTNET_TC_QuickJit", "1"),
            database);
        return service
            .WithEnvironment("Database__Migrations", "Verify")
            .WaitForCompletion(job);
    }
}
