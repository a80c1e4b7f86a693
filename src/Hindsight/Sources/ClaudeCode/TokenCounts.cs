namespace Hindsight.Sources.ClaudeCode;

/// <summary>message.usage of one assistant line, as written (streaming placeholders included).</summary>
public sealed record TokenCounts(
    long? InputTokens,
    long? OutputTokens,
    long? CacheCreationInputTokens,
    long? CacheCreation5m,
    long? CacheCreation1h,
    long? CacheReadInputTokens,
    string? Speed);
