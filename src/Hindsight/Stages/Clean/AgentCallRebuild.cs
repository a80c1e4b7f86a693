using Hindsight.Warehouse;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Writes one agent's <c>api_calls</c> anew, whole, in one transaction: the agents whose usage rules are set-wide SQL
/// over their stored records (Codex's <see cref="CodexCallBuilder"/>, Gemini CLI's <see cref="GeminiCallBuilder"/>).
/// Nothing is done when the warehouse holds none of the agent's files or calls.
/// </summary>
internal static class AgentCallRebuild
{
    /// <returns>How many calls were written.</returns>
    public static async Task<long> RunAsync(Warehouse.Warehouse warehouse, string anyRowsSql, string deleteSql, string callsSql,
        Func<WarehouseRow, ApiCallBuilder.ApiCallRow> toCall, CancellationToken cancellationToken)
    {
        var session = warehouse.Session;
        if (!await session.ScalarAsync<bool>(anyRowsSql, cancellationToken)) return 0;
        long calls = 0;
        using var transaction = session.BeginTransaction();
        await session.ExecuteAsync(deleteSql, cancellationToken);
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
