using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.Codex;

/// <summary>
/// Finds rollouts under each Codex home: <c>sessions/**/rollout-*.jsonl</c> and <c>archived_sessions/rollout-*.jsonl</c>.
/// A rollout archived while a copy of it is still under sessions/ (same name) is read once, from sessions/: the active
/// copy is the one Codex still appends to. A root without either folder is taken as a folder of rollouts itself
/// (<c>--source codex=DIR</c> pointed at a sessions folder). The walk is Claude Code's (links, loops, unreadable
/// folders and invalid names reported, never fatal); only the classification differs.
/// </summary>
public static class CodexDiscovery
{
    public static DiscoveryResult Discover(IReadOnlyList<string> roots, CancellationToken cancellationToken)
    {
        var walked = TranscriptDiscovery.Discover(roots, cancellationToken);
        var rollouts = walked.Files
            .Where(f => CodexFileName.IsRollout(Path.GetFileName(f.Path)))
            .Select(f => f with { Kind = TranscriptFileKind.MainSession, Project = ProjectOf(f), Agent = Agent.Codex })
            .ToList();
        var active = rollouts
            .Where(f => !IsArchived(f))
            .Select(f => (f.SourceRoot, Path.GetFileName(f.Path)))
            .ToHashSet();
        var kept = rollouts.Where(f => !IsArchived(f) || !active.Contains((f.SourceRoot, Path.GetFileName(f.Path)))).ToList();
        return new DiscoveryResult(kept, walked.Warnings, walked.Roots);
    }

    private static bool IsArchived(DiscoveredFile file) =>
        file.RelativePath.StartsWith(CodexHome.ArchivedSessions + "/", StringComparison.Ordinal);

    /// <summary>Codex keeps no project folders (a session's cwd is inside it); the home folder's name stands for the project.</summary>
    private static string ProjectOf(DiscoveredFile file) => Path.GetFileName(file.SourceRoot);
}
