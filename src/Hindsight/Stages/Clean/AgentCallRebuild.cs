using DuckDB.NET.Data;
using Hindsight.Pricing;
using Hindsight.Sources;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Writes one agent's <c>api_calls</c> anew, whole, in one transaction: the agents whose usage rules are set-wide SQL
/// over their stored records (each agent's <see cref="Sources.IAgentCallRules"/>: Codex's, Gemini CLI's).
/// Nothing is done when the warehouse holds none of the agent's files or calls. An agent's rules say what its calls
/// SQL's row means (<see cref="AgentCallUsage"/>); the rest of the row, the same for every agent, is built and priced
/// here (an unknown model unpriced). The calls SQL gives <c>file_id</c>, <c>line_no</c>, <c>project</c>,
/// <c>session_id</c>, <c>relative_path</c> and <c>timestamp</c>.
/// </summary>
internal static class AgentCallRebuild
{
    /// <summary>One call's model and usage as the agent's rules read them, and its priority tier (priced as fast mode) if any.</summary>
    internal readonly record struct AgentCallUsage(string? Model, TokenUsage Usage, string? PriorityTier = null);

    /// <summary>
    /// Whether there is anything to rebuild: a file of the agent, or calls of it left from files since forgotten. Without
    /// either (a Claude Code-only warehouse) stage 2 skips the delete and the agent's scan of every record.
    /// </summary>
    private const string AnyRows = """
        SELECT EXISTS (SELECT 1 FROM files WHERE agent = $agent) OR EXISTS (SELECT 1 FROM api_calls WHERE agent = $agent)
        """;

    private const string DeleteCalls = "DELETE FROM api_calls WHERE agent = $agent";

    /// <returns>How many calls were written.</returns>
    public static async Task<long> RunAsync(Warehouse.Warehouse warehouse, PriceTable prices, Agent agent, string callsSql,
        Func<WarehouseRow, AgentCallUsage> usageOf, CancellationToken cancellationToken)
    {
        var calculator = new CostCalculator(prices);
        var priceVersion = ApiCallBuilder.PriceVersion(prices);
        var session = warehouse.Session;
        if (!await session.ScalarAsync<bool>(AnyRows, cancellationToken, new DuckDBParameter("agent", agent.ToName()))) return 0;
        long calls = 0;
        using var transaction = session.BeginTransaction();
        await session.ExecuteAsync(DeleteCalls, cancellationToken, new DuckDBParameter("agent", agent.ToName()));
        using (var writer = session.Writer(ApiCallBuilder.ApiCalls))
        {
            await foreach (var row in session.StreamAsync(callsSql, cancellationToken))
            {
                var call = usageOf(row);
                var estimate = call.Model is null ? CostEstimate.Unpriced("") : calculator.Estimate(call.Model, call.Usage, fastMode: call.PriorityTier is not null);
                var sessionId = row.GetStringOrNull("session_id");
                writer.Append(new ApiCallBuilder.ApiCallRow(
                    null, null, call.Model, row.GetString("project"), sessionId, sessionId ?? FileSession.Of(row.GetString("relative_path")), null,
                    false, row.GetTimestampOrNull("timestamp"), call.Usage, call.PriorityTier, estimate.Usd, estimate.PricedAs,
                    priceVersion, 1, row.GetString("file_id"), row.GetInt64("line_no"), "line", false, agent));
                calls++;
            }
        }
        transaction.Commit();
        return calls;
    }
}
