using DuckDB.NET.Data;
using Hindsight.Sources;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Writes one agent's <c>api_calls</c> anew, whole, in one transaction: the agents whose usage rules are set-wide SQL
/// over their stored records (each agent's <see cref="Sources.IAgentCallRules"/>: Codex's, Gemini CLI's).
/// Nothing is done when the warehouse holds none of the agent's files or calls.
/// </summary>
internal static class AgentCallRebuild
{
    /// <summary>
    /// Whether there is anything to rebuild: a file of the agent, or calls of it left from files since forgotten. Without
    /// either (a Claude Code-only warehouse) stage 2 skips the delete and the agent's scan of every record.
    /// </summary>
    private const string AnyRows = """
        SELECT EXISTS (SELECT 1 FROM files WHERE agent = $agent) OR EXISTS (SELECT 1 FROM api_calls WHERE agent = $agent)
        """;

    private const string DeleteCalls = "DELETE FROM api_calls WHERE agent = $agent";

    /// <returns>How many calls were written.</returns>
    public static async Task<long> RunAsync(Warehouse.Warehouse warehouse, Agent agent, string callsSql,
        Func<WarehouseRow, ApiCallBuilder.ApiCallRow> toCall, CancellationToken cancellationToken)
    {
        var session = warehouse.Session;
        if (!await session.ScalarAsync<bool>(AnyRows, cancellationToken, new DuckDBParameter("agent", agent.ToName()))) return 0;
        long calls = 0;
        using var transaction = session.BeginTransaction();
        await session.ExecuteAsync(DeleteCalls, cancellationToken, new DuckDBParameter("agent", agent.ToName()));
        using (var writer = session.Writer(ApiCallBuilder.ApiCalls))
        {
            await foreach (var row in session.StreamAsync(callsSql, cancellationToken))
            {
                writer.Append(toCall(row));
                calls++;
            }
        }
        transaction.Commit();
        return calls;
    }
}
