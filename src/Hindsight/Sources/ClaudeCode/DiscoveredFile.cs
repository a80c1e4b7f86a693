namespace Hindsight.Sources.ClaudeCode;

/// <summary>A file found under a source root, with what discovery learned from the file system.</summary>
public sealed record DiscoveredFile(
    string FileId,
    string Path,
    string SourceRoot,
    string RelativePath,
    string Project,
    TranscriptFileKind Kind,
    long SizeBytes,
    DateTimeOffset ModifiedUtc)
{
    /// <summary>The agent whose discovery found the file: its parser reads it, and its rows carry the agent.</summary>
    public Agent Agent { get; init; } = Agent.ClaudeCode;
}
