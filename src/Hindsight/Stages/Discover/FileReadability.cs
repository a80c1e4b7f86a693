using Hindsight.Sources;

namespace Hindsight.Stages.Discover;

/// <summary>
/// What discovery's decision needs to know of one transcript file: how many of its complete, non-blank lines are
/// records and how many cannot be read, and why. Blank lines and a partial last line are neither.
/// </summary>
/// <param name="Error">Why the file could not be read at all (permissions, I/O), else null.</param>
/// <param name="MainReason">The most frequent dead-letter reason among its unreadable lines, else null.</param>
/// <param name="Agent">The agent that wrote it: the record types a corpus must hold are Claude Code's rule.</param>
public sealed record FileReadability(string Path, long Records, long UnreadableLines, string? Error = null, string? MainReason = null, Agent Agent = Agent.ClaudeCode)
{
    /// <summary>A file that has lines (or could not be opened) and yields no record at all.</summary>
    public bool YieldsNoRecord => Records == 0 && (UnreadableLines > 0 || Error is not null);

    public static FileReadability Of(string path, FileProfile profile, Agent agent) => new(
        path,
        profile.Records,
        profile.DeadLetters,
        profile.Error,
        profile.DeadLetterReasons.Count == 0 ? null : profile.DeadLetterReasons.MaxBy(r => r.Value).Key,
        agent);
}
