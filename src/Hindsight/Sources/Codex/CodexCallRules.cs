using Hindsight.Pricing;
using Hindsight.Stages.Clean;

namespace Hindsight.Sources.Codex;

/// <summary>
/// Applies Codex's usage rules (<see cref="CodexUsageSql"/>) for stage 2: Codex's calls are computed again whole, in one
/// transaction, and priced like every call (an unknown model unpriced; a Codex home whose config.toml asks for the
/// priority tier priced with the model's <c>fastMultiplier</c>, its calls' <c>speed</c> saying <c>priority</c>).
/// </summary>
public sealed class CodexCallRules : IAgentCallRules
{
    public string MetricName => "codex_api_calls";

    /// <summary>Writes Codex's calls anew; returns how many.</summary>
    public Task<long> RebuildAsync(Warehouse.Warehouse warehouse, PriceTable prices, CancellationToken cancellationToken)
    {
        var calculator = new CostCalculator(prices);
        var priceVersion = ApiCallBuilder.PriceVersion(prices);
        var priorityByHome = new Dictionary<string, bool>(StringComparer.Ordinal);
        return AgentCallRebuild.RunAsync(warehouse, Agent.Codex, CodexUsageSql.Calls, row =>
        {
            var home = row.GetString("source_root");
            if (!priorityByHome.TryGetValue(home, out bool priority))
                priorityByHome[home] = priority = CodexServiceTier.IsPriority(home);
            long cached = row.GetInt64("cached_input");
            // Codex's input includes its cached input; api_calls keeps fresh input and cache reads apart.
            var usage = new TokenUsage
            {
                Input = Math.Max(0, row.GetInt64("input_with_cached") - cached),
                Output = row.GetInt64("output"),
                CacheRead = cached,
            };
            var model = row.GetStringOrNull("model");
            var estimate = model is null ? CostEstimate.Unpriced("") : calculator.Estimate(model, usage, fastMode: priority);
            return new ApiCallBuilder.ApiCallRow(
                null, null, model, row.GetString("project"), row.GetStringOrNull("session_id"), row.GetStringOrNull("session_id") ?? FileSession.Of(row.GetString("relative_path")), null,
                false, row.GetTimestampOrNull("timestamp"), usage, priority ? CodexServiceTier.Priority : null, estimate.Usd, estimate.PricedAs,
                priceVersion, 1, row.GetString("file_id"), row.GetInt64("line_no"), "line", false, Agent.Codex);
        }, cancellationToken);
    }
}
