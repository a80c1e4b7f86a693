namespace Hindsight.Correction.Engine;

/// <summary>The final outcome for one distinct text; fanned out to every target waiting for it.</summary>
internal sealed record ItemOutcome(
    string Key,
    CorrectionStatus Status,
    string? CorrectedProtectedText,
    string? Reason,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    TimeSpan Latency,
    string? BatchId);
