using Hindsight.Pricing;
using Hindsight.Stages.Clean;

namespace Hindsight.Sources.GeminiCli;

/// <summary>
/// Applies Gemini CLI's usage rules (<see cref="GeminiUsageSql"/>) for stage 2: Gemini's calls are computed again
/// whole, in one transaction, and priced like every call (an unknown model unpriced).
/// </summary>
public sealed class GeminiCallRules : IAgentCallRules
{
    public string MetricName => "gemini_api_calls";

    /// <summary>Writes Gemini's calls anew; returns how many.</summary>
    public Task<long> RebuildAsync(Warehouse.Warehouse warehouse, PriceTable prices, CancellationToken cancellationToken)
    {
        return AgentCallRebuild.RunAsync(warehouse, prices, Agent.GeminiCli, GeminiUsageSql.Calls, row => new AgentCallRebuild.AgentCallUsage(
            row.GetStringOrNull("model"),
            new TokenUsage
            {
                Input = row.GetInt64OrNull("input_tokens") ?? 0,
                Output = row.GetInt64("output_tokens"),
                CacheRead = row.GetInt64("cache_read_tokens"),
            }), cancellationToken);
    }
}
