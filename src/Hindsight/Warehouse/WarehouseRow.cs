using System.Data.Common;

namespace Hindsight.Warehouse;

/// <summary>
/// The current row of a read from the warehouse, its columns found by name: a query's select list can change order
/// or grow without a reader elsewhere silently taking the wrong column. Ordinals are looked up once per query.
/// Valid only while the read that produced it is on this row.
/// </summary>
public sealed class WarehouseRow
{
    private readonly DbDataReader _reader;
    private readonly Dictionary<string, int> _ordinals;

    internal WarehouseRow(DbDataReader reader)
    {
        _reader = reader;
        _ordinals = new Dictionary<string, int>(reader.FieldCount, StringComparer.Ordinal);
        for (int i = 0; i < reader.FieldCount; i++) _ordinals.TryAdd(reader.GetName(i), i);
    }

    /// <summary>The number of columns, for readers that show whatever a query returns (<c>hindsight query</c>).</summary>
    public int ColumnCount => _reader.FieldCount;

    public string ColumnName(int ordinal) => _reader.GetName(ordinal);

    /// <summary>The value of a column as DuckDB.NET gives it (null for SQL NULL), for generic display.</summary>
    public object? Value(int ordinal) => _reader.IsDBNull(ordinal) ? null : _reader.GetValue(ordinal);

    public bool IsNull(string column) => _reader.IsDBNull(Ordinal(column));

    public string GetString(string column) => _reader.GetString(Ordinal(column));

    public string? GetStringOrNull(string column)
    {
        int ordinal = Ordinal(column);
        return _reader.IsDBNull(ordinal) ? null : _reader.GetString(ordinal);
    }

    public long GetInt64(string column) => _reader.GetInt64(Ordinal(column));

    public long? GetInt64OrNull(string column)
    {
        int ordinal = Ordinal(column);
        return _reader.IsDBNull(ordinal) ? null : _reader.GetInt64(ordinal);
    }

    public int GetInt32(string column) => _reader.GetInt32(Ordinal(column));

    public int? GetInt32OrNull(string column)
    {
        int ordinal = Ordinal(column);
        return _reader.IsDBNull(ordinal) ? null : _reader.GetInt32(ordinal);
    }

    public double GetDouble(string column) => _reader.GetDouble(Ordinal(column));

    public double? GetDoubleOrNull(string column)
    {
        int ordinal = Ordinal(column);
        return _reader.IsDBNull(ordinal) ? null : _reader.GetDouble(ordinal);
    }

    public bool GetBoolean(string column) => _reader.GetBoolean(Ordinal(column));

    public bool? GetBooleanOrNull(string column)
    {
        int ordinal = Ordinal(column);
        return _reader.IsDBNull(ordinal) ? null : _reader.GetBoolean(ordinal);
    }

    public Guid GetGuid(string column) => _reader.GetGuid(Ordinal(column));

    /// <summary>A BLOB column's bytes (a copy: the reader's buffer moves on with the next row).</summary>
    public byte[] GetBlob(string column)
    {
        using var stream = _reader.GetStream(Ordinal(column));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A TIMESTAMP or TIMESTAMPTZ column in UTC (DuckDB.NET returns either DateTime or DateTimeOffset).</summary>
    public DateTimeOffset GetTimestamp(string column) => DuckDbValues.ToUtc(_reader.GetValue(Ordinal(column)));

    public DateTimeOffset? GetTimestampOrNull(string column)
    {
        int ordinal = Ordinal(column);
        return _reader.IsDBNull(ordinal) ? null : DuckDbValues.ToUtc(_reader.GetValue(ordinal));
    }

    private int Ordinal(string column) =>
        _ordinals.TryGetValue(column, out int ordinal)
            ? ordinal
            : throw new InvalidOperationException($"the query has no column named {column} (it has {string.Join(", ", _ordinals.Keys)})");
}
