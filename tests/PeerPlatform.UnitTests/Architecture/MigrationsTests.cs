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
        Assert.False(db.Database.HasPendingModelChanges(), $"{service}: the model changed; add a migration (see README, Developing)");
    }
}
