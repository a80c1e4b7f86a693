using Hindsight.Correction.Cost;
using Hindsight.Correction.Providers;
using Hindsight.Correction.Throughput;

namespace Hindsight.Correction;

/// <summary>Everything a correction run can be told; the defaults are the documented ones.</summary>
public sealed record CorrectionOptions
{
    /// <summary>Where to send batches; <see cref="ProviderKind.None"/> skips every target with <see cref="ProviderSettings.DisabledReason"/>.</summary>
    public required ProviderSettings Provider { get; init; }

    /// <summary>Most prompts in one request (the seed's BATCH_SIZE).</summary>
    public int MaxItemsPerBatch { get; init; } = 15;

    /// <summary>Most estimated tokens of protected prompt text in one request; a longer prompt travels alone.</summary>
    public int MaxBatchInputTokens { get; init; } = 2_000;

    /// <summary>Prompts whose protected text is estimated above this are skipped ("prompt too long").</summary>
    public int MaxPromptTokens { get; init; } = 8_000;

    /// <summary>Calls in flight at the start (the seed's MAX_WORKERS).</summary>
    public int InitialConcurrency { get; init; } = 5;

    /// <summary>The adaptive concurrency's ceiling.</summary>
    public int MaxConcurrency { get; init; } = 128;

    /// <summary>--rpm and --tpm; 0 is unlimited.</summary>
    public RateLimits RateLimits { get; init; }

    /// <summary>How long one call may take before it counts as a timeout.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most bytes one answer may have, on the wire and once decompressed; a larger one fails the call.</summary>
    public long MaxResponseBytes { get; init; } = Providers.Limits.ResponseLimits.DefaultMaxBytes;

    /// <summary>Retries of a call after a transient failure (429, 5xx, timeout, broken connection).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First backoff delay; it doubles each retry, with jitter, unless the server sent Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts, Retry-After included.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Provider failures in a row that open the circuit and stop the stage.</summary>
    public int CircuitBreakerThreshold { get; init; } = 10;

    /// <summary>Prices used for cost; the lead's price table supplies them, default gemini-2.5-flash-lite.</summary>
    public ModelPrices Prices { get; init; } = ModelPrices.GeminiFlashLite;

    /// <summary>--max-cost: no new batch is sent once this is spent (the seed's COST_LIMIT_PER_STAGE).</summary>
    public decimal MaxCostUsd { get; init; } = 5.00m;

    /// <summary>Sampling temperature.</summary>
    public double Temperature { get; init; }

    /// <summary>How many targets are looked up in the cache at once.</summary>
    public int CacheLookupChunkSize { get; init; } = 256;

    /// <summary>Rejects options that cannot run.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Provider);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxItemsPerBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchInputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPromptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(CircuitBreakerThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CacheLookupChunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxCostUsd);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(RateLimits.RequestsPerMinute);
        ArgumentOutOfRangeException.ThrowIfNegative(RateLimits.TokensPerMinute);
        if (CallTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CallTimeout), CallTimeout, "the call timeout must be positive");
        }

        if (Provider.Kind != ProviderKind.None && (Provider.BaseUrl is null || string.IsNullOrWhiteSpace(Provider.Model)))
        {
            throw new ArgumentException("a provider needs a base URL and a model", nameof(Provider));
        }
    }
}
