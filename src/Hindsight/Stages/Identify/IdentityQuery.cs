using DuckDB.NET.Data;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Identify;

/// <summary>Runs one of stage 3's statements with its parameters bound (the id length, the run id).</summary>
internal static class IdentityQuery
{
    public static Task<int> ExecuteAsync(WarehouseSession session, string sql, int hexLength, CancellationToken cancellationToken, Guid? runId = null) =>
        session.ExecuteAsync(sql, cancellationToken, Parameters(sql, hexLength, runId));

    public static async Task ReadAsync(WarehouseSession session, string sql, int hexLength, Action<WarehouseRow> row, CancellationToken cancellationToken)
    {
        await foreach (var current in session.StreamAsync(sql, cancellationToken, Parameters(sql, hexLength, runId: null))) row(current);
    }

    /// <summary>Only the parameters the statement uses: DuckDB rejects a bound parameter that it does not.</summary>
    private static DuckDBParameter[] Parameters(string sql, int hexLength, Guid? runId)
    {
        var parameters = new List<DuckDBParameter>(2);
        if (sql.Contains("$len", StringComparison.Ordinal)) parameters.Add(new DuckDBParameter("len", hexLength));
        if (runId is { } run) parameters.Add(new DuckDBParameter("run", run));
        return [.. parameters];
    }
}
