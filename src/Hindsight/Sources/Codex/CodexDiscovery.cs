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
            .Select(f => f with { Kind = TranscriptFileKind.MainSession, Agent = Agent.Codex })
            .ToList();
        var active = rollouts
            .Where(f => !IsArchived(f))
            .Select(f => (f.SourceRoot, Path.GetFileName(f.Path)))
            .ToHashSet();
        // Only the rollouts read open their first line for the project: an archived copy of an active one is not.
        var kept = rollouts.Where(f => !IsArchived(f) || !active.Contains((f.SourceRoot, Path.GetFileName(f.Path))))
            .Select(f => f with { Project = ProjectOf(f) })
            .ToList();
        return new DiscoveryResult(kept, walked.Warnings, walked.Roots);
    }

    private static bool IsArchived(DiscoveredFile file) =>
        file.RelativePath.StartsWith(CodexHome.ArchivedSessions + "/", StringComparison.Ordinal);

    /// <summary>Codex keeps no project folders: the session's cwd names the project (<see cref="CodexProject"/>), else the home folder's name.</summary>
    private static string ProjectOf(DiscoveredFile file) => CodexProject.Of(file.Path, Path.GetFileName(file.SourceRoot));
}
