namespace Hindsight.Correction;

/// <summary>What a run did, for the run's metrics and the console.</summary>
public sealed record CorrectionSummary
{
    /// <summary>Targets read.</summary>
    public long Targets { get; init; }

    /// <summary>Targets that ended corrected.</summary>
    public long Corrected { get; init; }

    /// <summary>Targets that ended unchanged.</summary>
    public long Unchanged { get; init; }

    /// <summary>Targets that ended rejected by a guard.</summary>
    public long Rejected { get; init; }

    /// <summary>Targets that ended failed.</summary>
    public long Failed { get; init; }

    /// <summary>Targets that ended skipped.</summary>
    public long Skipped { get; init; }

    /// <summary>Targets read but not reported because the run was cancelled first; the next run does them.</summary>
    public long Unreported => Targets - Corrected - Unchanged - Rejected - Failed - Skipped;

    /// <summary>Batches planned (requests a fault-free run sends).</summary>
    public long Batches { get; init; }

    /// <summary>HTTP calls made, retries and split halves included.</summary>
    public long Calls { get; init; }

    /// <summary>Calls that were retries.</summary>
    public long Retries { get; init; }

    /// <summary>Calls answered 429.</summary>
    public long RateLimited { get; init; }

    /// <summary>Calls that timed out.</summary>
    public long TimedOut { get; init; }

    /// <summary>Batches (or halves) split after failing as a whole.</summary>
    public long Splits { get; init; }

    /// <summary>Prompt tokens reported by the provider.</summary>
    public long InputTokens { get; init; }

    /// <summary>Completion tokens reported by the provider.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Cost of all calls in USD.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Targets answered from the cache.</summary>
    public long CacheHits { get; init; }

    /// <summary>Distinct texts not found in the cache (so planned for sending).</summary>
    public long CacheMisses { get; init; }

    /// <summary>Targets answered by an identical text of the same run.</summary>
    public long Deduplicated { get; init; }

    /// <summary>The highest concurrency the adaptive limiter reached.</summary>
    public int PeakConcurrency { get; init; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>True when cancellation stopped the run; finished batches were reported, the rest was not.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Answers whose reported token counts were not believed (negative or absurd); their estimates were charged.</summary>
    public long UsageRejected { get; init; }

    /// <summary>Why the first of those was not believed.</summary>
    public string? UsageRejectedReason { get; init; }

    /// <summary>Set when the circuit breaker stopped the stage, with the reason.</summary>
    public string? CircuitOpenReason { get; init; }

    /// <summary>True when --max-cost stopped new batches.</summary>
    public bool CostLimitReached { get; init; }

    /// <summary>Set when the provider was none: why, and how to enable correction.</summary>
    public string? ProviderDisabledReason { get; init; }
}
