using Hindsight.Correction;
using Hindsight.Correction.Providers;
using Hindsight.Messages;

namespace Hindsight.Stages.Correct;

/// <summary>
/// Stage 4's settings, as the command line gives them. The engine's limits, budget and timeouts are the engine's own
/// options (<see cref="Engine"/>, with its documented defaults), not copies of them; the stage fills in the provider and
/// its prices once it has resolved them.
/// </summary>
public sealed record CorrectionStageOptions
{
    public ProviderRequest Provider { get; init; } = new();
    /// <summary>Where provider keys are looked up (GEMINI_API_KEY, GOOGLE_API_KEY, OPENAI_API_KEY).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
    /// <summary>Lowest human-prompt confidence corrected: high, medium (default) or low.</summary>
    public PromptConfidence MinConfidence { get; init; } = PromptConfidence.Medium;
    /// <summary>
    /// The engine's batches, concurrency, rate limits, timeout, retries and budget. Its provider and prices stand for
    /// "not resolved yet": the stage replaces both before the engine sees them.
    /// </summary>
    public CorrectionOptions Engine { get; init; } = new() { Provider = ProviderSettings.Disabled("the provider is resolved when stage 4 runs") };
    /// <summary>
    /// Sends prompts already settled (corrected or unchanged) under another provider, model or prompt version again;
    /// without it a settled correction is never re-sent. A new answer replaces the current one only when it is settled
    /// too; every answer is kept in <c>correction_history</c>.
    /// </summary>
    public bool Recorrect { get; init; }
    /// <summary>Results written to the warehouse per transaction.</summary>
    public int ChunkRows { get; init; } = 1000;
    /// <summary>
    /// The most prompts one run of the stage takes (null: all there are). `hindsight watch` corrects in runs of this many,
    /// each opening and closing the warehouse, so that readers get in between.
    /// </summary>
    public int? MaxTargets { get; init; }
}
