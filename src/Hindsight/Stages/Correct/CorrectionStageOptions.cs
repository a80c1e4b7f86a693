using Hindsight.Correction.Providers;
using Hindsight.Messages;

namespace Hindsight.Stages.Correct;

/// <summary>Stage 4's settings, as the command line gives them; defaults are the documented ones.</summary>
public sealed record CorrectionStageOptions
{
    public ProviderRequest Provider { get; init; } = new();
    /// <summary>Where provider keys are looked up (GEMINI_API_KEY, GOOGLE_API_KEY, OPENAI_API_KEY).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
    /// <summary>Lowest human-prompt confidence corrected: high, medium (default) or low.</summary>
    public PromptConfidence MinConfidence { get; init; } = PromptConfidence.Medium;
    public int PromptsPerBatch { get; init; } = 15;
    public int MaxBatchInputTokens { get; init; } = 2_000;
    public int MaxPromptTokens { get; init; } = 8_000;
    public int InitialConcurrency { get; init; } = 5;
    public int MaxConcurrency { get; init; } = 128;
    public int RequestsPerMinute { get; init; }
    public long TokensPerMinute { get; init; }
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public int MaxRetries { get; init; } = 4;
    public decimal MaxCostUsd { get; init; } = 5.00m;
    /// <summary>
    /// Sends prompts already settled (corrected or unchanged) under another provider, model or prompt version again;
    /// without it a settled correction is never re-sent. A new answer replaces the current one only when it is settled
    /// too; every answer is kept in <c>correction_history</c>.
    /// </summary>
    public bool Recorrect { get; init; }
    /// <summary>Results written to the warehouse per transaction.</summary>
    public int ChunkRows { get; init; } = 1000;
}
