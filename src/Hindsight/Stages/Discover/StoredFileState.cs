namespace Hindsight.Stages.Discover;

/// <summary>What the warehouse remembers of a file from earlier runs.</summary>
public sealed record StoredFileState(
    string FileId,
    long SizeBytes,
    DateTimeOffset Mtime,
    long? ProfiledSize,
    DateTimeOffset? ProfiledMtime,
    string? ProfileJson,
    long? IngestedSize,
    DateTimeOffset? IngestedMtime,
    long IngestedOffset,
    long IngestedLines,
    string? HeadSha256,
    string? BoundarySha256,
    int Generation);
