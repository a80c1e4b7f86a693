using DuckDB.NET.Data;

namespace Hindsight.Testing;

/// <summary>Reads a warehouse file directly (read-only) to check what the command wrote.</summary>
public static class WarehouseProbe
{
    public static readonly string[] DataTables = ["files", "records", "content_blocks", "dead_letters"];

    public static async Task<T> ScalarAsync<T>(string dbPath, string sql)
    {
        await using var connection = new DuckDBConnection($"Data Source={dbPath};access_mode=READ_ONLY");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<List<object?[]>> RowsAsync(string dbPath, string sql) => RowsAsync(dbPath, sql, new Dictionary<string, object?>());

    /// <summary>Rows of a query with named parameters ($name in the SQL).</summary>
    public static async Task<List<object?[]>> RowsAsync(string dbPath, string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        await using var connection = new DuckDBConnection($"Data Source={dbPath};access_mode=READ_ONLY");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return await RowsAsync(connection, sql, parameters);
    }

    /// <summary>Rows of a query on a connection the test already holds (an in-memory database, say).</summary>
    public static async Task<List<object?[]>> RowsAsync(DuckDBConnection connection, string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>()) command.Parameters.Add(new DuckDBParameter(name, value));
        using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Row count and an order-independent hash of every row, per table.</summary>
    public static async Task<Dictionary<string, string>> ChecksumsAsync(string dbPath, IEnumerable<string>? tables = null)
    {
        var result = new Dictionary<string, string>();
        foreach (var table in tables ?? DataTables)
        {
            var rows = await RowsAsync(dbPath, $"SELECT count(*), coalesce(bit_xor(hash(t)), 0) FROM {table} t");
            result[table] = $"{rows[0][0]}:{rows[0][1]}";
        }
        return result;
    }
}
