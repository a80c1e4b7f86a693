namespace Hindsight.Correction;

/// <summary>The final outcome for one target; exactly one per target per run.</summary>
/// <param name="EntityId">The target's entity id.</param>
/// <param name="OriginalText">The text as it came in.</param>
/// <param name="CorrectedText">The corrected text when <paramref name="Status"/> is corrected; otherwise the original text.</param>
/// <param name="Status">The final status.</param>
/// <param name="Reason">Why it was rejected, failed or skipped (null when corrected or unchanged by the model).</param>
/// <param name="Provider">The provider name (gemini, openai, none).</param>
/// <param name="Model">The model asked, or empty when none.</param>
/// <param name="PromptVersion">The prompt version of the instructions.</param>
/// <param name="InputTokens">This target's share of the call's prompt tokens (0 for cache hits and in-run duplicates).</param>
/// <param name="OutputTokens">This target's share of the call's completion tokens.</param>
/// <param name="CostUsd">This target's share of the call's cost.</param>
/// <param name="CacheHit">True when the answer came from the correction cache.</param>
/// <param name="Latency">The latency of the call that answered, or zero.</param>
/// <param name="BatchId">The call that answered ("b000042", halves "b000042.1"), or null when no call did.</param>
public sealed record CorrectionResult(
    string EntityId,
    string OriginalText,
    string CorrectedText,
    CorrectionStatus Status,
    string? Reason,
    string Provider,
    string Model,
    string PromptVersion,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    bool CacheHit,
    TimeSpan Latency,
    string? BatchId);
