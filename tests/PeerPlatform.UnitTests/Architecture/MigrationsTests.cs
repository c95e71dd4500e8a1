using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PeerPlatform.UnitTests.Architecture;

/// <summary>Every service's model matches its migrations: a model change without a migration fails here, not in production.</summary>
public sealed class MigrationsTests
{
    public static TheoryData<string> Services => new(["Identity", "Referral", "Workforce", "Supervision", "Outcomes"]);

    [Theory]
    [MemberData(nameof(Services))]
    public void The_model_has_no_changes_without_a_migration(string service)
    {
        var assembly = System.Reflection.Assembly.Load($"PeerPlatform.{service}");
        var factoryType = assembly.GetTypes().Single(t => t.Name == "DesignTimeFactory");
        var factory = Activator.CreateInstance(factoryType)!;
        var create = factoryType.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>)).GetMethod("CreateDbContext")!;
        using var db = (DbContext)create.Invoke(factory, [Array.Empty<string>()])!;

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{service}: the model changed; add a migration (see docs/development.md#migrations)");
    }

    [Theory]
    [InlineData("Referral")]
    [InlineData("Workforce")]
    [InlineData("Supervision")]
    [InlineData("Outcomes")]
    public void The_first_migration_keeps_what_the_model_cannot_say(string service)
    {
        // The migrations were squashed into one; the parts EF Core does not generate from the
        // model must survive any later squash too.
        var first = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "services", service, "Data", "Migrations"), "*.cs")
            .Where(f => !f.EndsWith(".Designer.cs", StringComparison.Ordinal) && !f.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .First();
        var text = File.ReadAllText(first);

        Assert.Contains("migrationBuilder.MakeAuditTrailAppendOnly();", text);
        Assert.Contains("migrationBuilder.NotifyOutboxCommits();", text);
        if (service == "Outcomes")
        {
            Assert.Contains("CREATE TRIGGER referrals_queue_engagement_nights_inserted", text);
            Assert.Contains("CREATE TRIGGER referrals_queue_engagement_nights_updated", text);
        }
    }
}
