using System.Text.Json.Nodes;

namespace Hindsight.Tests.Support;

/// <summary>
/// tests/fixtures/usage: hand-written sessions of the shapes behind lost and doubled tokens (see its README). Helpers
/// read the fixture files themselves, so expectations come from the bytes, not from numbers copied into tests.
/// </summary>
public static class UsageFixtures
{
    public static string Projects => Path.Combine(RepositoryPaths.Fixtures, "usage", "projects");

    public static string Agents => Path.Combine(Projects, "-home-ana-work-agents");

    public const string MissingSubagentSession = "5b1e0c3a-2f4d-4e6a-9b7c-1d2e3f4a5b6c";
    public const string PresentSubagentSession = "7c2d9e41-8a3b-4c5d-a6e7-f80912a3b4c5";
    public const string CostStateSession = "c3f1a2b4-5d6e-4f70-8192-a3b4c5d6e7f8";
    public const string ArchiveSession = "d4e5f607-1829-4a3b-8c4d-5e6f708192a3";

    /// <summary>Every JSON object of a fixture file under <see cref="Projects"/>.</summary>
    public static IEnumerable<JsonObject> Records(string relativePath) =>
        File.ReadLines(Path.Combine(Projects, relativePath)).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject());

    /// <summary>The message ids of the subagent calls a main file's progress records copy (data.message.message).</summary>
    public static HashSet<string> ProgressCopyIds(string relativePath) =>
        Records(relativePath)
            .Where(r => (string?)r["type"] == "progress" && r["data"]?["message"]?["message"]?["usage"] is not null)
            .Select(r => (string)r["data"]!["message"]!["message"]!["id"]!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A temporary projects folder holding a copy of only the named project.</summary>
    public static string ProjectsWithOnly(TempDirectory dir, string project)
    {
        var root = Directory.CreateDirectory(dir.Combine("only" + project)).FullName;
        var source = Path.Combine(Projects, project);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, project, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return root;
    }
}
