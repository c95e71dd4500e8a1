using System.Reflection;
using System.Text.RegularExpressions;

namespace PeerPlatform.UnitTests.Architecture;

/// <summary>
/// Every service has one shape: a feature folder holds one use case per file (its validator and
/// its handler, named XxxHandler with a single HandleAsync), one consumer per file named for its
/// event, and domain files are named for their concept, never after a feature folder.
/// </summary>
public sealed partial class FeatureShapeTests
{
    private static readonly string[] NotFeatureFolders = ["Data", "Domain", "bin", "obj", "Properties"];

    public static TheoryData<string> DomainServices => new(ServiceBoundaryTests.ServiceNames.Where(s => s != "Identity"));

    [Theory]
    [MemberData(nameof(DomainServices))]
    public void A_feature_file_holds_at_most_one_handler_and_no_bundle_of_handlers(string service)
    {
        var files = FeatureFiles(service).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var handlers = HandlerDeclaration().Matches(text).Select(m => m.Groups[1].Value).ToList();
            Assert.True(handlers.Count <= 1, $"{Relative(file)} declares {handlers.Count} handlers: {string.Join(", ", handlers)}");
            Assert.False(BundleDeclaration().IsMatch(text), $"{Relative(file)} declares an XxxHandlers bundle");
            if (handlers.Count == 1)
            {
                Assert.Equal(Path.GetFileNameWithoutExtension(file) + "Handler", handlers[0]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(DomainServices))]
    public void A_consumer_sits_in_its_own_file_named_for_it(string service)
    {
        foreach (var file in FeatureFiles(service))
        {
            var consumers = ConsumerDeclaration().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
            Assert.True(consumers.Count <= 1, $"{Relative(file)} declares {consumers.Count} consumers");
            if (consumers.Count == 1)
            {
                Assert.Equal(Path.GetFileNameWithoutExtension(file), consumers[0]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(DomainServices))]
    public void A_handler_exposes_one_HandleAsync(string service)
    {
        var handlers = Assembly.Load($"PeerPlatform.{service}").GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Handler", StringComparison.Ordinal) && t.Namespace!.StartsWith($"PeerPlatform.{service}.", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(handlers);
        Assert.All(handlers, handler =>
        {
            var methods = handler.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => m.Name).ToList();
            Assert.Equal(["HandleAsync"], methods);
        });
    }

    [Theory]
    [MemberData(nameof(DomainServices))]
    public void A_domain_file_is_not_named_after_a_feature_folder(string service)
    {
        var root = Path.Combine(RepositoryPaths.Root, "services", service);
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).ToHashSet();
        var domainFiles = Directory.GetFiles(Path.Combine(root, "Domain"), "*.cs").Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.NotEmpty(domainFiles);
        Assert.DoesNotContain(domainFiles, folders.Contains);
    }

    private static IEnumerable<string> FeatureFiles(string service)
    {
        var root = Path.Combine(RepositoryPaths.Root, "services", service);
        return Directory.GetDirectories(root)
            .Where(folder => !NotFeatureFolders.Contains(Path.GetFileName(folder)))
            .SelectMany(folder => Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories));
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path);

    [GeneratedRegex(@"\bclass\s+(\w+Handler)\b")]
    private static partial Regex HandlerDeclaration();

    [GeneratedRegex(@"\bclass\s+\w+Handlers\b")]
    private static partial Regex BundleDeclaration();

    [GeneratedRegex(@"\bclass\s+(\w+Consumer)\b")]
    private static partial Regex ConsumerDeclaration();
}
