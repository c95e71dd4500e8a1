using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Referral.Data;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.Persistence;

namespace PeerPlatform.IntegrationTests.Database;

/// <summary>
/// Database:Migrations on a real PostgreSQL: the migration job (ApplyAndExit) applies the
/// schema, and the serving process (Verify) refuses a database the job has not migrated.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class MigrationModeTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task The_service_refuses_a_database_until_its_migration_job_has_run()
    {
        var database = infrastructure.NewDatabaseName("referral_job");
        using var service = ServiceHosts.BuildReferral(infrastructure, database, settings =>
        {
            settings["Database:Migrations"] = "Verify";
            settings["Database:MigrationTimeoutSeconds"] = "1";
        });
        using var job = ServiceHosts.BuildReferral(infrastructure, database, settings => settings["Database:Migrations"] = "ApplyAndExit");
        Assert.False(service.IsMigrationJob());
        Assert.True(job.IsMigrationJob());

        var refused = await Assert.ThrowsAsync<DatabaseBehindException>(() => service.PrepareDatabaseAsync<ReferralDbContext>());
        Assert.Contains("migration job", refused.Message, StringComparison.Ordinal);

        await job.PrepareDatabaseAsync<ReferralDbContext>();
        await service.PrepareDatabaseAsync<ReferralDbContext>();

        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReferralDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Referrals.CountAsync());
    }
}
