namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// What one walk of a line found, as slices of the line: each field holds its last occurrence (the winner of
/// <c>JsonElement.TryGetProperty</c> when a key is duplicated), and an object field that is met again starts afresh.
/// </summary>
internal struct TranscriptLineFields
{
    public JsonSlice Type, Subtype, Operation, Uuid, ParentUuid, LogicalParentUuid, SessionId, Timestamp, Cwd, GitBranch,
        Version, AgentId, UserType, RequestId, Entrypoint, TurnOrigin, PromptSource;
    public bool? IsSidechain, IsMeta, IsCompactSummary, IsApiErrorMessage, TruncatedAfterOutput;
    public ScalarSlices Effort, Error;
    public double? CostUsd;

    public bool OriginIsObject;
    public JsonSlice OriginKind;

    /// <summary>attachment.type, attachment.origin.kind and attachment.prompt, absent unless attachment is an object.</summary>
    public JsonSlice AttachmentType, AttachmentOriginKind;
    public ContentSlices AttachmentPrompt;

    /// <summary>data.type of a progress line.</summary>
    public JsonSlice DataType;

    /// <summary>The API call a progress line's data copies, from the line's first <c>data</c> key.</summary>
    public CopiedCallSlices CopiedCall;
    public bool DataSeen;

    /// <summary>The root's own content (queue-operation lines, and system lines that are not read).</summary>
    public ContentSlices RootContent;

    public JsonSlice MessageId, MessageRole, MessageModel, StopReason;
    public ContentSlices MessageContent;

    public bool UsageIsObject;
    public long? InputTokens, OutputTokens, CacheCreationInputTokens, CacheReadInputTokens, CacheCreation5m, CacheCreation1h;
    public JsonSlice Speed;
}
