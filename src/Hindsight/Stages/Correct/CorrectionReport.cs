using System.Globalization;
using System.Text.Json.Nodes;
using Hindsight.Correction;
using Hindsight.Correction.Providers;

namespace Hindsight.Stages.Correct;

/// <summary>
/// Stage 4's metrics and one-line summaries, from the engine's typed results: what `hindsight runs` and --json show.
/// Pure: nothing here reads the warehouse or decides anything.
/// </summary>
public static class CorrectionReport
{
    /// <summary>Which provider and model, where the choice came from, and the settings that shape the targets.</summary>
    public static JsonObject Header(ProviderResolution resolution, string minConfidence, bool priced, bool recorrect)
    {
        var provider = resolution.Settings;
        return new JsonObject
        {
            ["provider"] = provider.Name,
            ["model"] = provider.Model,
            ["prompt_version"] = Correction.Protocol.CorrectionPrompt.PromptVersion,
            ["provider_sources"] = new JsonArray(resolution.Sources.Select(s => (JsonNode?)s).ToArray()),
            ["provider_choice"] = new JsonObject
            {
                ["provider"] = provider.Name, ["model"] = provider.Model, ["base_url"] = provider.BaseUrl?.ToString(), ["origin"] = resolution.Origin,
            },
            ["min_confidence"] = minConfidence,
            ["provider_disabled_reason"] = provider.DisabledReason,
            ["priced"] = priced,
            ["recorrect"] = recorrect,
        };
    }

    /// <summary>A dry run's estimate, added to <paramref name="metrics"/>.</summary>
    public static void AddEstimate(JsonObject metrics, CorrectionEstimate estimate, ProviderSettings provider, bool recorrect)
    {
        metrics["targets"] = estimate.Targets;
        metrics["unique_texts"] = estimate.UniqueTexts;
        metrics["cache_hits"] = estimate.CacheHits;
        metrics["skipped"] = estimate.Skipped;
        metrics["batches"] = estimate.Batches;
        metrics["estimated_input_tokens"] = estimate.EstimatedInputTokens;
        metrics["estimated_output_tokens"] = estimate.EstimatedOutputTokens;
        metrics["estimated_cost_usd"] = (double)estimate.EstimatedCostUsd;
        metrics["minimum_seconds"] = Math.Round(estimate.MinimumDuration.TotalSeconds, 1);
        metrics["summary"] = provider.Kind == ProviderKind.None
            ? $"dry run: {estimate.Targets:N0} prompts would be skipped: {ShortReason(provider.DisabledReason)}"
            : $"dry run: {(recorrect ? "re-correcting, " : "")}{estimate.Targets:N0} prompts, {estimate.UniqueTexts:N0} unique, {estimate.CacheHits:N0} cached, {estimate.Batches:N0} requests, ~{estimate.EstimatedInputTokens + estimate.EstimatedOutputTokens:N0} tokens, ~${estimate.EstimatedCostUsd.ToString("F4", CultureInfo.InvariantCulture)}, at least {estimate.MinimumDuration.TotalSeconds:F0} s under the rate limits";
    }

    /// <summary>A correction run's results, added to <paramref name="metrics"/>.</summary>
    public static void AddSummary(JsonObject metrics, CorrectionSummary summary, ProviderSettings provider, long keptSettled, decimal maxCostUsd)
    {
        metrics["targets"] = summary.Targets;
        metrics["corrected"] = summary.Corrected;
        metrics["unchanged"] = summary.Unchanged;
        metrics["rejected"] = summary.Rejected;
        metrics["failed"] = summary.Failed;
        metrics["skipped"] = summary.Skipped;
        metrics["calls"] = summary.Calls;
        metrics["batches"] = summary.Batches;
        metrics["retries"] = summary.Retries;
        metrics["rate_limited"] = summary.RateLimited;
        metrics["timed_out"] = summary.TimedOut;
        metrics["splits"] = summary.Splits;
        metrics["cache_hits"] = summary.CacheHits;
        metrics["cache_misses"] = summary.CacheMisses;
        metrics["deduplicated"] = summary.Deduplicated;
        metrics["input_tokens"] = summary.InputTokens;
        metrics["output_tokens"] = summary.OutputTokens;
        metrics["cost_usd"] = (double)summary.CostUsd;
        metrics["peak_concurrency"] = summary.PeakConcurrency;
        metrics["cost_limit_reached"] = summary.CostLimitReached;
        metrics["circuit_open"] = CircuitReason(summary, provider);
        metrics["usage_rejected"] = summary.UsageRejected;
        metrics["usage_rejected_reason"] = summary.UsageRejectedReason;
        metrics["settled_kept"] = keptSettled;
        metrics["summary"] = provider.Kind == ProviderKind.None
            ? $"correction skipped, {summary.Skipped:N0} prompts kept as typed: {ShortReason(provider.DisabledReason)}"
            : $"{summary.Targets:N0} prompts: {summary.Corrected:N0} corrected, {summary.Unchanged:N0} unchanged, {summary.Rejected:N0} rejected, {summary.Failed:N0} failed, {summary.Skipped:N0} skipped; {summary.Calls:N0} calls, {summary.CacheHits:N0} cache hits, ${summary.CostUsd.ToString("F4", CultureInfo.InvariantCulture)}"
              + (summary.CostLimitReached ? $"; cost limit ${maxCostUsd} reached, the rest left for the next run" : "")
              + (keptSettled > 0 ? $"; {keptSettled:N0} earlier corrections kept (a new answer replaces one only when it is settled)" : "");
    }

    /// <summary>Why the circuit opened, with the provider's key redacted; null when it did not.</summary>
    public static string? CircuitReason(CorrectionSummary summary, ProviderSettings provider) =>
        summary.CircuitOpenReason is { } reason ? provider.ApiKey?.Redact(reason) ?? reason : null;

    /// <summary>
    /// The no-provider advice in one short sentence; the full instructions are in `hindsight correct --help` and the
    /// stage's provider_disabled_reason metric, so a run does not repeat a paragraph every time.
    /// </summary>
    public static string ShortReason(string? reason)
    {
        const string details = " (see `hindsight correct --help`)";
        const string prefix = "Stage 4 skipped LLM correction: ";
        if (reason is null) return "no provider" + details;
        int cut = reason.IndexOf(" To enable it:", StringComparison.Ordinal);
        if (cut < 0) return reason;
        var first = reason[..cut].TrimEnd('.');
        return (first.StartsWith(prefix, StringComparison.Ordinal) ? first[prefix.Length..] : first) + details;
    }
}
