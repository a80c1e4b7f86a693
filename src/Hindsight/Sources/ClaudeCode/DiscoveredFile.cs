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
    DateTimeOffset ModifiedUtc);
