using System.Diagnostics.CodeAnalysis;

namespace Hindsight.Warehouse;

/// <summary>
/// A table's columns in the order its rows are appended, and how a <typeparamref name="TRow"/> fills each: the one
/// place a row type meets a table, so no code appends values by position against DDL written elsewhere. Built column
/// by column (<c>new TableLayout&lt;Row&gt;("t").Text("a", r =&gt; r.A).BigInt("b", r =&gt; r.B)</c>); each method
/// returns a new layout. A layout of a stored table is checked against the table's schema
/// (<see cref="WarehouseSession.LayoutDriftAsync{TRow}"/>); a layout of a temporary table also makes its DDL.
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "Each column method is named after the SQL type of the column it adds (INTEGER, DOUBLE), which is the point.")]
public sealed class TableLayout<TRow>
{
    private readonly WarehouseColumn<TRow>[] _columns;

    public TableLayout(string table) : this(table, []) { }

    private TableLayout(string table, WarehouseColumn<TRow>[] columns)
    {
        Table = PlainIdentifier(table);
        _columns = columns;
    }

    public string Table { get; }

    /// <summary>Names go into DDL as written: only lower-case letters, digits and '_' are accepted, so none needs quoting or can break out.</summary>
    private static string PlainIdentifier(string name) =>
        !string.IsNullOrEmpty(name) && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') && name[0] is not (>= '0' and <= '9')
            ? name
            : throw new ArgumentException($"'{name}' is not a plain lower-case SQL identifier", nameof(name));

    public IReadOnlyList<WarehouseColumn<TRow>> Columns => _columns;

    /// <summary>The columns as an array, for the writer's per-row loop (no enumerator a row).</summary>
    internal WarehouseColumn<TRow>[] ColumnArray => _columns;

    /// <summary>
    /// <c>CREATE OR REPLACE TEMP TABLE</c> with exactly these columns, for staging rows before one set-based statement.
    /// Column names are quoted: a plain name can still be one of DuckDB's keywords (<c>at</c>, <c>timestamp</c>).
    /// </summary>
    public string CreateTempTableSql => $"CREATE OR REPLACE TEMP TABLE {Table} ({ColumnDefinitions})";

    /// <summary><c>CREATE TEMP TABLE IF NOT EXISTS</c>: for a staging table a connection reuses across its transactions.</summary>
    public string CreateTempTableIfMissingSql => $"CREATE TEMP TABLE IF NOT EXISTS {Table} ({ColumnDefinitions})";

    private string ColumnDefinitions => string.Join(", ", _columns.Select(c => $"\"{c.Name}\" {c.SqlType}"));

    public TableLayout<TRow> Text(string name, Func<TRow, string?> value) => With(name, "VARCHAR", (row, r) => row.AppendValue(value(r)));

    public TableLayout<TRow> BigInt(string name, Func<TRow, long?> value) => With(name, "BIGINT", (row, r) => row.AppendValue(value(r)));

    public TableLayout<TRow> Integer(string name, Func<TRow, int?> value) => With(name, "INTEGER", (row, r) => row.AppendValue(value(r)));

    public TableLayout<TRow> Boolean(string name, Func<TRow, bool?> value) => With(name, "BOOLEAN", (row, r) => row.AppendValue(value(r)));

    public TableLayout<TRow> Double(string name, Func<TRow, double?> value) => With(name, "DOUBLE", (row, r) => row.AppendValue(value(r)));

    public TableLayout<TRow> TimestampTz(string name, Func<TRow, DateTimeOffset?> value) =>
        With(name, "TIMESTAMP WITH TIME ZONE", (row, r) => row.AppendValue(value(r)));

    public TableLayout<TRow> Date(string name, Func<TRow, DateOnly?> value) => With(name, "DATE", (row, r) => row.AppendValue(value(r)));

    public TableLayout<TRow> Uuid(string name, Func<TRow, Guid?> value) => With(name, "UUID", (row, r) => row.AppendValue(value(r)));

    public TableLayout<TRow> Blob(string name, Func<TRow, byte[]?> value) => With(name, "BLOB", (row, r) => row.AppendValue(value(r)));

    /// <summary>A VARCHAR column filled from bytes that are already UTF-8 (a transcript line as read): no .NET string is made.</summary>
    public TableLayout<TRow> Utf8Text(string name, Func<TRow, byte[]?> value) => With(name, "VARCHAR", (row, r) => row.AppendValue(value(r)));

    private TableLayout<TRow> With(string name, string sqlType, Action<DuckDB.NET.Data.IDuckDBAppenderRow, TRow> append)
    {
        PlainIdentifier(name);
        if (_columns.Any(c => c.Name == name)) throw new ArgumentException($"{Table} already has a column {name}", nameof(name));
        return new TableLayout<TRow>(Table, [.. _columns, new WarehouseColumn<TRow>(name, sqlType, append)]);
    }
}
