using System.Text.RegularExpressions;

namespace Hindsight.Sources.Codex;

/// <summary>A rollout's name: <c>rollout-2026-11-03T09-12-44-&lt;session uuid&gt;.jsonl</c>.</summary>
public static partial class CodexFileName
{
    public static bool IsRollout(string fileName) =>
        fileName.StartsWith("rollout-", StringComparison.Ordinal) && fileName.EndsWith(".jsonl", StringComparison.Ordinal);

    /// <summary>The session uuid at the end of a rollout's name, or null when the name does not end with one.</summary>
    public static string? SessionIdOf(string path)
    {
        var match = SessionSuffix().Match(Path.GetFileName(path));
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.jsonl$")]
    private static partial Regex SessionSuffix();
}
