using System.Runtime.CompilerServices;
using DuckDB.NET.Data;

namespace Hindsight.Warehouse;

/// <summary>
/// One connection to the warehouse and the only way code outside <c>Warehouse/</c> reads and writes through it: statements
/// with bound parameters, rows read by column name (<see cref="WarehouseRow"/>), typed writers (<see cref="TableLayout{TRow}"/>),
/// transactions, and DuckDB's failures turned into
/// <see cref="WarehouseQueryException"/> here, in one place. The warehouse's own connection is one; a sibling
/// (<see cref="Warehouse.OpenSessionAsync"/>) is another connection to the same database instance, for work that runs
/// beside it, and is disposed by whoever opened it.
/// </summary>
public sealed class WarehouseSession : IAsyncDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly bool _ownsConnection;

    internal WarehouseSession(DuckDBConnection connection, bool ownsConnection) =>
        (_connection, _ownsConnection) = (connection, ownsConnection);

    /// <summary>Runs statements that return no rows; returns the rows they changed.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params DuckDBParameter[] parameters)
    {
        try
        {
            using var command = Command(sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DuckDBException ex)
        {
            throw Mapped(ex);
        }
    }

    /// <summary>The first column of the first row, converted to <typeparamref name="T"/>; default when there is no row or it is NULL.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken cancellationToken, params DuckDBParameter[] parameters)
    {
        try
        {
            using var command = Command(sql, parameters);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? default : (T)value;
        }
        catch (DuckDBException ex)
        {
            throw Mapped(ex);
        }
    }

    /// <summary>Every row of a query, each mapped while it is current. For results of bounded size; stream larger ones.</summary>
    public async Task<List<T>> ReadAsync<T>(string sql, Func<WarehouseRow, T> map, CancellationToken cancellationToken, params DuckDBParameter[] parameters)
    {
        var rows = new List<T>();
        await foreach (var row in StreamAsync(sql, cancellationToken, parameters)) rows.Add(map(row));
        return rows;
    }

    /// <summary>The first row of a query mapped, or default when it returns none.</summary>
    public async Task<T?> ReadFirstAsync<T>(string sql, Func<WarehouseRow, T> map, CancellationToken cancellationToken, params DuckDBParameter[] parameters)
    {
        await foreach (var row in StreamAsync(sql, cancellationToken, parameters)) return map(row);
        return default;
    }

    /// <summary>
    /// The rows of a query one at a time, as DuckDB produces them: the same <see cref="WarehouseRow"/> is moved to each
    /// row, so nothing of a row outlives the step that reads it.
    /// </summary>
    public async IAsyncEnumerable<WarehouseRow> StreamAsync(string sql, [EnumeratorCancellation] CancellationToken cancellationToken, params DuckDBParameter[] parameters)
    {
        using var command = Command(sql, parameters);
        System.Data.Common.DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (DuckDBException ex)
        {
            throw Mapped(ex);
        }
        using (reader)
        {
            var row = new WarehouseRow(reader);
            while (true)
            {
                try
                {
                    if (!await reader.ReadAsync(cancellationToken)) yield break;
                }
                catch (DuckDBException ex)
                {
                    throw Mapped(ex);
                }
                yield return row;
            }
        }
    }

    /// <summary>
    /// Runs a query whose columns are not known in advance (<c>hindsight query</c>): calls <paramref name="eachRow"/>
    /// for every row and returns the column names, which a query with no rows has too.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadColumnsAndRowsAsync(string sql, Action<WarehouseRow> eachRow, CancellationToken cancellationToken)
    {
        try
        {
            using var command = Command(sql, []);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new WarehouseRow(reader);
            var columns = Enumerable.Range(0, row.ColumnCount).Select(row.ColumnName).ToArray();
            while (await reader.ReadAsync(cancellationToken)) eachRow(row);
            return columns;
        }
        catch (DuckDBException ex)
        {
            throw Mapped(ex);
        }
    }

    /// <summary>
    /// One query's first row read synchronously, for a sampler on a timer thread (a few microseconds of DuckDB's time:
    /// an async state machine per sample would cost more than the query).
    /// </summary>
    public T? ReadFirst<T>(string sql, Func<WarehouseRow, T> map)
    {
        try
        {
            using var command = Command(sql, []);
            using var reader = command.ExecuteReader();
            return reader.Read() ? map(new WarehouseRow(reader)) : default;
        }
        catch (DuckDBException ex)
        {
            throw Mapped(ex);
        }
    }

    /// <summary>
    /// Makes <paramref name="transform"/> callable from SQL on this session's connection as <paramref name="name"/>(text),
    /// NULL in, NULL out (stage 1's secret redaction, applied again to stored rows when its rules change).
    /// </summary>
    public void RegisterTextFunction(string name, Func<string, string> transform) =>
        _connection.RegisterScalarFunction<string, string>(name, (readers, writer, rowCount) =>
        {
            for (ulong row = 0; row < rowCount; row++)
            {
                if (readers[0].IsValid(row)) writer.WriteValue(transform(readers[0].GetValue<string>(row)), row);
                else writer.WriteNull(row);
            }
        }, new ScalarFunctionOptions { HandlesNulls = true });

    /// <summary>Begins a transaction on this session's connection.</summary>
    public WarehouseTransaction BeginTransaction()
    {
        try
        {
            return new WarehouseTransaction(_connection.BeginTransaction());
        }
        catch (DuckDBException ex)
        {
            throw Mapped(ex);
        }
    }

    /// <summary>A writer of <paramref name="layout"/>'s rows into its table; dispose it before the transaction commits.</summary>
    public TableWriter<TRow> Writer<TRow>(TableLayout<TRow> layout)
    {
        try
        {
            return new TableWriter<TRow>(layout, _connection.CreateAppender(layout.Table));
        }
        catch (DuckDBException ex)
        {
            throw Mapped(ex);
        }
    }

    /// <summary>The columns of a table as a statement would see it: a temporary table of the name first, as it shadows a stored one.</summary>
    private const string LayoutColumnsSql = """
        WITH seen AS (
            SELECT database_name FROM duckdb_tables()
            WHERE table_name = $table AND (database_name = current_database() OR temporary)
            ORDER BY temporary DESC LIMIT 1
        )
        SELECT column_name, data_type FROM duckdb_columns()
        WHERE table_name = $table AND database_name = (SELECT database_name FROM seen)
        ORDER BY column_index
        """;

    /// <summary>
    /// How <paramref name="layout"/> differs from its table's schema in this warehouse (column names, order and types),
    /// or null when they agree: an appender fills columns by position, so a drift would put values in the wrong column.
    /// </summary>
    public async Task<string?> LayoutDriftAsync<TRow>(TableLayout<TRow> layout, CancellationToken cancellationToken)
    {
        var actual = await ReadAsync(
            LayoutColumnsSql,
            row => $"{row.GetString("column_name")} {row.GetString("data_type")}", cancellationToken, new DuckDBParameter("table", layout.Table));
        var expected = layout.Columns.Select(c => $"{c.Name} {c.SqlType}").ToList();
        return actual.SequenceEqual(expected, StringComparer.Ordinal)
            ? null
            : $"{layout.Table}: the table has ({string.Join(", ", actual)}), the layout appends ({string.Join(", ", expected)})";
    }

    private DuckDBCommand Command(string sql, DuckDBParameter[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(p);
        return command;
    }

    /// <summary>DuckDB's failure as the warehouse's: transient when retrying the same work may succeed.</summary>
    internal static WarehouseQueryException Mapped(DuckDBException ex) =>
        new(ex.Message, IsTransient(ex.Message), ex);

    /// <summary>A write-write conflict between connections of one instance, or another process's lock on the file.</summary>
    private static bool IsTransient(string message) =>
        message.Contains("Conflict on", StringComparison.OrdinalIgnoreCase) || Warehouse.IsLockConflict(message);

    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection) await _connection.DisposeAsync();
    }
}
