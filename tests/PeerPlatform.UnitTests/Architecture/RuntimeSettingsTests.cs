using System.Text.Json;

namespace PeerPlatform.UnitTests.Architecture;

/// <summary>
/// The runtime settings the benchmarks measured and docs/decisions/0003 to 0006 explain, as the build
/// writes them into each service's runtimeconfig.json (Directory.Build.props): a project that
/// stops inheriting them fails here instead of quietly using more memory or CPU.
/// </summary>
public sealed class RuntimeSettingsTests
{
    public static TheoryData<string> Services => new(ServiceBoundaryTests.ServiceNames.Prepend("Gateway"));

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_service_runs_with_the_measured_runtime_settings(string service)
    {
        var settings = ConfigProperties(service);

        Assert.False(Setting(settings, "System.GC.Server").GetBoolean(), $"{service}: workstation GC");
        Assert.False(Setting(settings, "System.GC.Concurrent").GetBoolean(), $"{service}: non-concurrent GC");
        Assert.False(Setting(settings, "System.Runtime.TieredPGO").GetBoolean(), $"{service}: no tiered PGO");
        Assert.False(Setting(settings, "System.Runtime.TieredCompilation.QuickJit").GetBoolean(), $"{service}: no quick JIT");
        Assert.True(Setting(settings, "System.Globalization.Invariant").GetBoolean(), $"{service}: invariant globalization");
        Assert.Equal(0, Setting(settings, "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void No_service_assembly_names_MVC_application_parts(string service)
    {
        // EF Core reads a DbContext assembly's attributes at start; an [ApplicationPart] among
        // them loads MVC's core into the service for nothing (docs/decisions/0005).
        var attributes = System.Reflection.Assembly.Load($"PeerPlatform.{service}").GetCustomAttributesData()
            .Select(attribute => attribute.AttributeType.FullName)
            .ToList();

        Assert.Contains("System.Reflection.AssemblyTitleAttribute", attributes);
        Assert.DoesNotContain("Microsoft.AspNetCore.Mvc.ApplicationParts.ApplicationPartAttribute", attributes);
    }

    private static JsonElement ConfigProperties(string service)
    {
        // Referenced service projects' runtimeconfig.json files are copied beside the tests.
        var path = Path.Combine(AppContext.BaseDirectory, $"PeerPlatform.{service}.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing: does the test project still reference {service}?");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    private static JsonElement Setting(JsonElement settings, string name)
    {
        Assert.True(settings.TryGetProperty(name, out var value), $"{name} is not set");
        return value;
    }
}
