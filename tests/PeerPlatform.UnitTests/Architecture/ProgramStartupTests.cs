namespace PeerPlatform.UnitTests.Architecture;

/// <summary>
/// A Program.cs that awaits anything before it runs the host must await the host as well. The
/// blocking <c>app.Run()</c> runs on the thread the last await resumed on, a thread-pool thread,
/// and holds it until shutdown; with socket completions inline it was a socket event loop, and the
/// service never answered (bench/NOTES.md).
/// </summary>
public sealed class ProgramStartupTests
{
    private static readonly string[] ProgramFiles =
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "services"), "Program.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "gateway"), "Program.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static TheoryData<string> Programs => new(ProgramFiles);

    [Theory]
    [MemberData(nameof(Programs))]
    public void A_program_that_awaits_its_start_up_awaits_the_host_too(string program)
    {
        var statements = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, program))
            .Select(line => line.Trim())
            .Where(line => !line.StartsWith("//", StringComparison.Ordinal))
            .ToList();

        if (statements.Any(line => line.Contains("await ", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("app.Run();", statements);
            Assert.Contains("await app.RunAsync();", statements);
        }
        else
        {
            Assert.Contains(statements, line => line is "app.Run();" or "await app.RunAsync();");
        }
    }

    [Fact]
    public void Every_service_and_the_gateway_have_a_program_checked()
    {
        Assert.Contains("gateway/Program.cs", ProgramFiles);
        foreach (var service in ServiceBoundaryTests.ServiceNames)
        {
            Assert.Contains($"services/{service}/Program.cs", ProgramFiles);
        }
    }
}
