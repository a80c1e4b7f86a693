using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources.GeminiCli;

/// <summary>
/// Finds Gemini CLI's sessions under each data folder: <c>&lt;project-hash&gt;/chats/*.json</c> and <c>*.jsonl</c>. A root
/// may also be one project folder (holding <c>chats/</c>). The walk is Claude Code's (links, loops, unreadable folders
/// and invalid names reported, never fatal); only the classification differs: every session file is a main session.
/// </summary>
public static class GeminiDiscovery
{
    public static DiscoveryResult Discover(IReadOnlyList<string> roots, CancellationToken cancellationToken)
    {
        var walked = TranscriptDiscovery.Discover(roots, cancellationToken);
        var sessions = walked.Files
            .Where(f => GeminiDataDir.IsSessionFile(f.RelativePath))
            .Select(f => f with
            {
                Kind = TranscriptFileKind.MainSession,
                Project = GeminiDataDir.ProjectOf(f.SourceRoot, f.RelativePath),
                Agent = Agent.GeminiCli,
            })
            .ToList();
        return new DiscoveryResult(sessions, walked.Warnings, walked.Roots);
    }
}
