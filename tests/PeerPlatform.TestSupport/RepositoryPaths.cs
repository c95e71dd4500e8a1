namespace PeerPlatform.TestSupport;

public static class RepositoryPaths
{
    /// <summary>The repository root, found by walking up from the test binaries to PeerPlatform.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PeerPlatform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PeerPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
