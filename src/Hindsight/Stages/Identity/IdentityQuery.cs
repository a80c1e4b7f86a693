using System.Data.Common;
using DuckDB.NET.Data;

namespace Hindsight.Stages.Identity;

/// <summary>Runs one of stage 3's statements with its parameters bound (the id length, the run id).</summary>
internal static class IdentityQuery
{
    public static async Task<int> ExecuteAsync(DuckDBConnection connection, string sql, int hexLength, CancellationToken cancellationToken, Guid? runId = null)
    {
        using var command = Create(connection, sql, hexLength, runId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task ReadAsync(DuckDBConnection connection, string sql, int hexLength, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        using var command = Create(connection, sql, hexLength, runId: null);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) row(reader);
    }

    private static DuckDBCommand Create(DuckDBConnection connection, string sql, int hexLength, Guid? runId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // DuckDB rejects a bound parameter that the statement does not use.
        if (sql.Contains("$len", StringComparison.Ordinal)) command.Parameters.Add(new DuckDBParameter("len", hexLength));
        if (runId is { } run) command.Parameters.Add(new DuckDBParameter("run", run));
        return command;
    }
}
