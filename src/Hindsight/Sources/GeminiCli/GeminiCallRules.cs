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
        var calculator = new CostCalculator(prices);
        var priceVersion = ApiCallBuilder.PriceVersion(prices);
        return AgentCallRebuild.RunAsync(warehouse, Agent.GeminiCli, GeminiUsageSql.Calls, row =>
        {
            var usage = new TokenUsage
            {
                Input = row.GetInt64OrNull("input_tokens") ?? 0,
                Output = row.GetInt64("output_tokens"),
                CacheRead = row.GetInt64("cache_read_tokens"),
            };
            var model = row.GetStringOrNull("model");
            var estimate = model is null ? CostEstimate.Unpriced("") : calculator.Estimate(model, usage, fastMode: false);
            var sessionId = row.GetStringOrNull("session_id");
            return new ApiCallBuilder.ApiCallRow(
                null, null, model, row.GetString("project"), sessionId, sessionId ?? FileSession.Of(row.GetString("relative_path")), null,
                false, row.GetTimestampOrNull("timestamp"), usage, null, estimate.Usd, estimate.PricedAs,
                priceVersion, 1, row.GetString("file_id"), row.GetInt64("line_no"), "line", false, Agent.GeminiCli);
        }, cancellationToken);
    }
}
