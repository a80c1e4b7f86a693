namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// A subagent's API call with usage, as its parent's progress line copies it (<c>data.message</c>), typed as stage 2's
/// usage lines take it: stage 1 reads it in its one walk of the line, so stage 2 never reads the raw line again. The
/// agent id and time fall back to the progress line's own; counts that are missing or not whole numbers are 0; the
/// flat cache-creation count is kept only when there is no 5m/1h split (<see cref="CacheCreationUnsplitTokens"/>).
/// </summary>
public sealed record CopiedCall(
    string MessageId,
    string? RequestId,
    string? Model,
    string? AgentId,
    DateTimeOffset? Timestamp,
    long InputTokens,
    long OutputTokens,
    long CacheCreation5mTokens,
    long CacheCreation1hTokens,
    long CacheCreationUnsplitTokens,
    long CacheReadTokens,
    string? Speed,
    string? StopReason);
