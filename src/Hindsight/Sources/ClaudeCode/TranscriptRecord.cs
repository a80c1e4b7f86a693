namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// One stored line of a transcript: the envelope typed for querying, the usage of assistant lines,
/// and the raw line so that unknown types and fields survive format drift.
/// </summary>
public sealed record TranscriptRecord
{
    public required string FileId { get; init; }
    /// <summary>The agent whose parser made the record (stored in every table's <c>agent</c> column).</summary>
    public Agent Agent { get; init; } = Agent.ClaudeCode;
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
    /// <summary>Who started the turn (2.1.278+: human, sdk, peer, task_notification, scheduled); on some user lines only.</summary>
    public string? TurnOrigin { get; init; }
    /// <summary>How the prompt arrived (2.1.219+: typed, sdk, system, queued, suggestion_accepted); on some user lines only.</summary>
    public string? PromptSource { get; init; }
    /// <summary>The reasoning effort of an assistant line (2.1.212+); absent means not recorded, not low.</summary>
    public string? Effort { get; init; }
    /// <summary>The <c>error</c> of a failed assistant line (2.1.27x: e.g. <c>server_error</c>).</summary>
    public string? ApiError { get; init; }
    /// <summary><c>truncatedAfterOutput</c> of a failed assistant line: the response broke off after some output.</summary>
    public bool? TruncatedAfterOutput { get; init; }
    public string? StopReason { get; init; }
    public TokenCounts? Usage { get; init; }
    public double? CostUsd { get; init; }
    /// <summary>The line as written, UTF-8 (a copy: the reader's buffer moves on); empty when only counting.</summary>
    public required byte[] Raw { get; init; }
    public IReadOnlyList<TranscriptContentBlock> Blocks { get; init; } = [];
    /// <summary>
    /// The SHA-256 of the raw line (lower-case hex, as DuckDB's <c>sha256</c>) when the line has no uuid or an empty
    /// one: stage 2 matches copied lines by it and stage 3 keys their messages by it. Null otherwise, and when only counting.
    /// </summary>
    public string? RawSha256 { get; init; }
    /// <summary>The subagent call a progress line copies with its usage; null for any other line, and when only counting.</summary>
    public CopiedCall? CopiedCall { get; init; }
}
