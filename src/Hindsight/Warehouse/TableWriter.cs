using DuckDB.NET.Data;

namespace Hindsight.Warehouse;

/// <summary>
/// Appends rows of one <see cref="TableLayout{TRow}"/> through DuckDB's appender (which hands them to DuckDB every
/// 2,048 rows); disposing it flushes the last ones into the open transaction, if any.
/// </summary>
public sealed class TableWriter<TRow> : IDisposable
{
    private readonly TableLayout<TRow> _layout;
    private readonly DuckDBAppender _appender;

    internal TableWriter(TableLayout<TRow> layout, DuckDBAppender appender) => (_layout, _appender) = (layout, appender);

    public void Append(TRow value)
    {
        var row = _appender.CreateRow();
        var columns = _layout.ColumnArray;
        for (int i = 0; i < columns.Length; i++) columns[i].Append(row, value);
        row.EndRow();
    }

    public void AppendAll(IEnumerable<TRow> values)
    {
        foreach (var value in values) Append(value);
    }

    public void Dispose()
    {
        try
        {
            _appender.Dispose();
        }
        catch (DuckDBException ex)
        {
            throw WarehouseSession.Mapped(ex);
        }
    }
}
