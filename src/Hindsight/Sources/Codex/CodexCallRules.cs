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
        var priorityByHome = new Dictionary<string, bool>(StringComparer.Ordinal);
        return AgentCallRebuild.RunAsync(warehouse, prices, Agent.Codex, CodexUsageSql.Calls, row =>
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
            return new AgentCallRebuild.AgentCallUsage(row.GetStringOrNull("model"), usage, priority ? CodexServiceTier.Priority : null);
        }, cancellationToken);
    }
}
