using System.Xml.Linq;

namespace PeerPlatform.UnitTests.Architecture;

/// <summary>
/// The building blocks are layered by concern, and each project references only the blocks it
/// needs: the gateway never pulls in a database driver, and the trust's own concepts
/// (SharedKernel) depend on nothing of the platform.
/// </summary>
public sealed class BuildingBlockTests
{
    /// <summary>Each building block (or the gateway) and the projects it may reference directly.</summary>
    private static readonly Dictionary<string, string[]> AllowedReferences = new()
    {
        ["SharedKernel"] = [],
        ["ServiceDefaults"] = [],
        ["Security"] = [],
        ["Persistence"] = ["ServiceDefaults", "SharedKernel"],
        ["Grpc"] = ["Contracts", "ServiceDefaults", "Persistence", "Security"],
        ["Auditing"] = ["Contracts", "Persistence", "Security"],
        ["Messaging"] = ["Contracts", "ServiceDefaults", "Persistence"],
        ["Gateway"] = ["Contracts", "ServiceDefaults", "Security"],
    };

    internal static readonly string[] BlockNames = [.. AllowedReferences.Keys.Where(k => k != "Gateway").Select(k => $"PeerPlatform.{k}")];

    public static TheoryData<string> Projects => new(AllowedReferences.Keys);

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_building_block_references_only_the_blocks_beneath_it(string name)
    {
        var references = DirectReferences(ProjectPath(name)).Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.All(references, reference => Assert.Contains(reference, AllowedReferences[name].Select(a => $"PeerPlatform.{a}")));
    }

    [Theory]
    [InlineData("Gateway")]
    [InlineData("ServiceDefaults")]
    [InlineData("Security")]
    [InlineData("SharedKernel")]
    public void Projects_without_a_database_pull_in_no_database_driver(string name)
    {
        var packages = TransitiveProjects(ProjectPath(name))
            .SelectMany(project => XDocument.Load(project).Descendants("PackageReference").Select(p => p.Attribute("Include")!.Value))
            .ToList();

        Assert.NotEmpty(TransitiveProjects(ProjectPath(name)));
        Assert.DoesNotContain(packages, p => p.StartsWith("Npgsql", StringComparison.Ordinal) || p.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_building_block_is_checked()
    {
        var blocks = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "services", "BuildingBlocks"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Order();

        Assert.Equal(BlockNames.Order(), blocks);
    }

    private static string ProjectPath(string name) => name == "Gateway"
        ? Path.Combine(RepositoryPaths.Root, "gateway", "PeerPlatform.Gateway.csproj")
        : Path.Combine(RepositoryPaths.Root, "services", "BuildingBlocks", name, $"PeerPlatform.{name}.csproj");

    private static IEnumerable<string> DirectReferences(string project) =>
        XDocument.Load(project).Descendants("ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, r.Attribute("Include")!.Value.Replace('\\', '/'))));

    private static HashSet<string> TransitiveProjects(string project)
    {
        var seen = new HashSet<string> { Path.GetFullPath(project) };
        var pending = new Stack<string>(seen);
        while (pending.TryPop(out var next))
        {
            foreach (var reference in DirectReferences(next).Where(seen.Add))
            {
                pending.Push(reference);
            }
        }

        return seen;
    }
}
