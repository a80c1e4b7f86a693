namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// What a progress line's <c>data</c> says of the subagent API call it copies (<c>data.message</c>), as slices: each
/// value as DuckDB's <c>json_extract_string</c> reads it (a string, or a number or literal or object as JSON text;
/// JSON null is absent), and each key by its <em>first</em> occurrence, as DuckDB's JSON paths resolve a duplicated
/// key. Stage 2 derived these values from the raw line with those functions; they keep its rules exactly.
/// </summary>
internal struct CopiedCallSlices
{
    /// <summary>data.agentId and data.requestId.</summary>
    public JsonSlice AgentId, RequestId;

    /// <summary>data.message.requestId and data.message.timestamp.</summary>
    public JsonSlice EnvelopeRequestId, EnvelopeTimestamp;

    /// <summary>data.message.message.id, .model and .stop_reason.</summary>
    public JsonSlice MessageId, Model, StopReason;

    /// <summary>Whether data.message.message.usage is a JSON object (<c>json_type(u) = 'OBJECT'</c>).</summary>
    public bool UsageIsObject;

    /// <summary>Whether usage has a <c>cache_creation</c> key, of any value (JSON null included): the split then replaces the flat count.</summary>
    public bool HasCacheCreation;

    public JsonSlice InputTokens, OutputTokens, CacheCreationInputTokens, CacheReadInputTokens, Speed;

    /// <summary>usage.cache_creation.ephemeral_5m_input_tokens and ephemeral_1h_input_tokens.</summary>
    public JsonSlice CacheCreation5m, CacheCreation1h;
}
