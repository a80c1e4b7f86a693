namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// message.usage of one assistant line, as written (streaming placeholders included), except that
/// <see cref="CacheCreationInputTokens"/> is the nested 5m/1h split's sum where the flat field says 0 and the split
/// does not (lines written before 2.1.152 lost their writes from the flat field).
/// </summary>
public sealed record TokenCounts(
    long? InputTokens,
    long? OutputTokens,
    long? CacheCreationInputTokens,
    long? CacheCreation5m,
    long? CacheCreation1h,
    long? CacheReadInputTokens,
    string? Speed);
