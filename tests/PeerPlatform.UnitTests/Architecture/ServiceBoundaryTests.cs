using System.Xml.Linq;
using NetArchTest.Rules;

namespace PeerPlatform.UnitTests.Architecture;

/// <summary>
/// Services share only contracts/ and the building blocks. A service that references another
/// service's project (or namespace) could read its tables or call its internals.
/// </summary>
public sealed class ServiceBoundaryTests
{
    /// <summary>Every service of the suite; other architecture tests check the same list.</summary>
    internal static readonly string[] ServiceNames = ["Identity", "Referral", "Workforce", "Supervision", "Outcomes", "Integrations"];

    public static TheoryData<string> Services => new(ServiceNames);

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_project_references_only_contracts_and_building_blocks(string service)
    {
        var project = Path.Combine(RepositoryPaths.Root, "services", service, $"PeerPlatform.{service}.csproj");
        var references = XDocument.Load(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

        Assert.Contains("PeerPlatform.ServiceDefaults", references);
        Assert.All(references, reference => Assert.Contains(reference, BuildingBlockTests.BlockNames.Append("PeerPlatform.Contracts")));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_assembly_does_not_depend_on_another_service_or_the_gateway(string service)
    {
        var assembly = System.Reflection.Assembly.Load($"PeerPlatform.{service}");
        var forbidden = ServiceNames.Where(s => s != service).Select(s => $"PeerPlatform.{s}")
            .Append("PeerPlatform.Gateway")
            .ToArray();

        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{service} depends on another service: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Contracts_and_building_blocks_depend_on_no_service()
    {
        var forbidden = ServiceNames.Select(s => $"PeerPlatform.{s}").Append("PeerPlatform.Gateway").ToArray();
        foreach (var name in BuildingBlockTests.BlockNames.Append("PeerPlatform.Contracts"))
        {
            var result = Types.InAssembly(System.Reflection.Assembly.Load(name)).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
            Assert.True(result.IsSuccessful, $"{name} depends on a service: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }

    [Fact]
    public void Every_service_project_under_services_is_checked()
    {
        var projects = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "services"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !BuildingBlockTests.BlockNames.Contains(name))
            .Order()
            .ToList();

        Assert.Equal(ServiceNames.Select(s => $"PeerPlatform.{s}").Order(), projects);
    }
}

/// <summary>
/// The portal is a client of the APIs like any integrator: it shares only contracts/ and the
/// building blocks, never a service's code or tables (it adds no back door).
/// </summary>
public sealed class PortalBoundaryTests
{
    [Fact]
    public void The_portal_references_only_contracts_and_building_blocks()
    {
        var project = Path.Combine(RepositoryPaths.Root, "portal", "PeerPlatform.Portal.csproj");
        var references = XDocument.Load(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

        Assert.Contains("PeerPlatform.Contracts", references);
        Assert.All(references, reference => Assert.Contains(reference, BuildingBlockTests.BlockNames.Append("PeerPlatform.Contracts")));
        Assert.DoesNotContain(references, reference => reference is "PeerPlatform.Persistence" or "PeerPlatform.Messaging" or "PeerPlatform.Auditing");
    }

    [Fact]
    public void The_portal_assembly_depends_on_no_service()
    {
        var forbidden = ServiceBoundaryTests.ServiceNames.Select(s => $"PeerPlatform.{s}").Append("PeerPlatform.Gateway").ToArray();

        var result = Types.InAssembly(typeof(PeerPlatform.Portal.Display).Assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"the portal depends on a service: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
