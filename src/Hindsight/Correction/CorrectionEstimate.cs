namespace Hindsight.Correction;

/// <summary>What a run would do, computed without any call (--dry-run).</summary>
public sealed record CorrectionEstimate
{
    /// <summary>Targets read.</summary>
    public long Targets { get; init; }

    /// <summary>Distinct protected texts among the targets that could be sent.</summary>
    public long UniqueTexts { get; init; }

    /// <summary>Distinct texts already settled in the cache.</summary>
    public long CacheHits { get; init; }

    /// <summary>Targets that would be skipped (too long, no provider, protection could not isolate a secret).</summary>
    public long Skipped { get; init; }

    /// <summary>Targets with no words outside protected spans, settled as unchanged without a call.</summary>
    public long NothingToCorrect { get; init; }

    /// <summary>Requests a fault-free run sends: the real run plans batches with the same planner, in the same order.</summary>
    public long Batches { get; init; }

    /// <summary>Estimated prompt tokens of those requests (system prompt included).</summary>
    public long EstimatedInputTokens { get; init; }

    /// <summary>Estimated completion tokens (about the size of the texts sent).</summary>
    public long EstimatedOutputTokens { get; init; }

    /// <summary>Estimated cost in USD.</summary>
    public decimal EstimatedCostUsd { get; init; }

    /// <summary>The shortest time the configured RPM and TPM allow for these requests (zero when unlimited).</summary>
    public TimeSpan MinimumDuration { get; init; }
}
