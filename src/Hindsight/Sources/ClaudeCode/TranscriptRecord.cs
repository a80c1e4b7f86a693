namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// One stored line of a transcript: the envelope typed for querying, the usage of assistant lines,
/// and the raw JSON so that unknown types and fields survive format drift.
/// </summary>
public sealed record TranscriptRecord
{
    public required string FileId { get; init; }
    public required long LineNumber { get; init; }
    public required long ByteOffset { get; init; }
    public required string Type { get; init; }
    /// <summary>system.subtype, attachment.type, progress data.type or queue-operation operation.</summary>
    public string? Subtype { get; init; }
    public string? Uuid { get; init; }
    public string? ParentUuid { get; init; }
    public string? LogicalParentUuid { get; init; }
    public string? SessionId { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? Cwd { get; init; }
    public string? GitBranch { get; init; }
    public string? Version { get; init; }
    public bool? IsSidechain { get; init; }
    public string? AgentId { get; init; }
    public string? UserType { get; init; }
    public string? RequestId { get; init; }
    public string? MessageId { get; init; }
    public string? MessageRole { get; init; }
    public string? MessageModel { get; init; }
    public bool? IsMeta { get; init; }
    public bool? IsCompactSummary { get; init; }
    public bool? IsApiErrorMessage { get; init; }
    public string? OriginKind { get; init; }
    /// <summary>How the session was started (cli, sdk-py, sdk-ts, ...): a script's prompts are not typed by a person.</summary>
    public string? Entrypoint { get; init; }
    public string? StopReason { get; init; }
    public TokenCounts? Usage { get; init; }
    public double? CostUsd { get; init; }
    public required string Raw { get; init; }
    public IReadOnlyList<TranscriptContentBlock> Blocks { get; init; } = [];
}
