using DuckDB.NET.Data;

namespace Hindsight.Warehouse;

/// <summary>
/// One column of a warehouse table as a row type fills it: its name and SQL type (checked against the table's schema,
/// <see cref="TableLayout{TRow}"/>) and how a row's value is appended. Made only by the typed methods of
/// <see cref="TableLayout{TRow}"/>, so a value of the wrong type cannot reach a column.
/// </summary>
public sealed class WarehouseColumn<TRow>
{
    internal WarehouseColumn(string name, string sqlType, Action<IDuckDBAppenderRow, TRow> append) =>
        (Name, SqlType, Append) = (name, sqlType, append);

    public string Name { get; }

    /// <summary>The type as DuckDB names it in <c>duckdb_columns().data_type</c> (VARCHAR, BIGINT, TIMESTAMP WITH TIME ZONE, ...).</summary>
    public string SqlType { get; }

    internal Action<IDuckDBAppenderRow, TRow> Append { get; }
}
