using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PeerPlatform.UnitTests.Architecture;

/// <summary>
/// The README is a front page of at most about 8 KB, and every link in it and in docs/ resolves
/// inside the repository: a file that exists and, for an anchor, a heading in it. A clone has
/// nothing else to follow.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string[] Pages = [.. Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md", SearchOption.AllDirectories)
        .Prepend(Path.Combine(RepositoryPaths.Root, "README.md"))
        .Order(StringComparer.Ordinal)];

    [Fact]
    public void The_readme_is_a_front_page_of_at_most_8_KB()
    {
        var bytes = new FileInfo(Path.Combine(RepositoryPaths.Root, "README.md")).Length;

        Assert.InRange(bytes, 1_000, 8 * 1024);
    }

    [Fact]
    public void The_readme_links_only_into_the_repository_or_the_local_suite()
    {
        var external = Links(Path.Combine(RepositoryPaths.Root, "README.md"))
            .Where(link => Scheme().IsMatch(link.Target) && !link.Target.StartsWith("http://localhost", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(external);
    }

    [Fact]
    public void Every_relative_link_in_the_readme_and_docs_resolves()
    {
        var broken = new List<string>();
        var count = 0;
        foreach (var page in Pages)
        {
            foreach (var (line, target) in Links(page).Where(link => !Scheme().IsMatch(link.Target)))
            {
                count++;
                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var path = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? "" : target[(hash + 1)..];
                var resolved = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, path));
                var where = $"{Path.GetRelativePath(RepositoryPaths.Root, page)}:{line}: {target}";
                if (!resolved.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal) || !(File.Exists(resolved) || Directory.Exists(resolved)))
                {
                    broken.Add(where);
                }
                else if (anchor.Length > 0 && (!resolved.EndsWith(".md", StringComparison.Ordinal) || !Anchors(resolved).Contains(anchor)))
                {
                    broken.Add(where + " (no such heading)");
                }
            }
        }

        Assert.True(count > 50, $"only {count} links found: is the link pattern still right?");
        Assert.Empty(broken);
    }

    private static IEnumerable<(int Line, string Target)> Links(string page)
    {
        var inCode = false;
        var number = 0;
        foreach (var line in File.ReadLines(page))
        {
            number++;
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (!inCode)
            {
                foreach (Match match in Link().Matches(line))
                {
                    yield return (number, match.Groups[1].Value);
                }
            }
        }
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string page)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inCode = false;
        foreach (var line in File.ReadLines(page))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            var heading = Heading().Match(line);
            if (inCode || !heading.Success)
            {
                continue;
            }

            var slug = new StringBuilder();
            foreach (var ch in Tag().Replace(heading.Groups[1].Value.Trim(), "").ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(ch) || ch is '-' or '_')
                {
                    slug.Append(ch);
                }
                else if (ch == ' ')
                {
                    slug.Append('-');
                }
            }

            var text = slug.ToString();
            var repeat = seen.GetValueOrDefault(text);
            seen[text] = repeat + 1;
            anchors.Add(repeat == 0 ? text : text + "-" + repeat.ToString(CultureInfo.InvariantCulture));
        }

        return anchors;
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-z]+:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
