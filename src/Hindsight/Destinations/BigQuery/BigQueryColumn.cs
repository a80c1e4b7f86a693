using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// A warehouse column as BigQuery receives it: its BigQuery type and mode, and the SQL (over the Parquet the export
/// wrote) that gives a value BigQuery's Parquet loader reads as that type. DuckDB types BigQuery has no equivalent for
/// (UUID, JSON, HUGEINT, unsigned 64-bit, INTERVAL, STRUCT, MAP, nested lists) travel as text.
/// </summary>
public sealed partial record BigQueryColumn(string Name, string Type, string Mode, string Select)
{
    /// <summary>The column a day-partitioned table is partitioned on in BigQuery: the UTC event day of the row.</summary>
    public const string EventDay = "event_day";

    [GeneratedRegex(@"^DECIMAL\((\d+),\s*(\d+)\)$")]
    private static partial Regex Decimal();

    public static BigQueryColumn From(string name, string duckDbType)
    {
        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var type = duckDbType.Trim().ToUpperInvariant();
        if (type.EndsWith("[]", StringComparison.Ordinal) && Scalar(type[..^2]) is { } element && !type[..^2].EndsWith(']'))
            return new BigQueryColumn(name, element.Type, "REPEATED", element.Cast is null ? quoted : $"CAST({quoted} AS {element.Cast}[])");
        if (Scalar(type) is { } scalar)
            return new BigQueryColumn(name, scalar.Type, "NULLABLE", scalar.Cast is null ? quoted : $"CAST({quoted} AS {scalar.Cast})");
        return new BigQueryColumn(name, "STRING", "NULLABLE", $"CAST({quoted} AS VARCHAR)");
    }

    /// <summary>A scalar DuckDB type's BigQuery type, and the DuckDB type to cast to first (null: written as it is).</summary>
    private static (string Type, string? Cast)? Scalar(string type)
    {
        switch (type)
        {
            case "VARCHAR": return ("STRING", null);
            case "BOOLEAN": return ("BOOLEAN", null);
            case "TINYINT" or "SMALLINT" or "INTEGER" or "UTINYINT" or "USMALLINT" or "UINTEGER": return ("INTEGER", "BIGINT");
            case "BIGINT": return ("INTEGER", null);
            case "FLOAT" or "DOUBLE": return ("FLOAT", "DOUBLE");
            case "DATE": return ("DATE", null);
            case "TIMESTAMP WITH TIME ZONE" or "TIMESTAMPTZ": return ("TIMESTAMP", null);
            case "TIMESTAMP": return ("DATETIME", null);
            case "TIME": return ("TIME", null);
            case "BLOB": return ("BYTES", null);
        }
        if (Decimal().Match(type) is { Success: true } d)
        {
            int precision = int.Parse(d.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            int scale = int.Parse(d.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            // BigQuery's NUMERIC holds 29 digits before the point and 9 after.
            return scale <= 9 && precision - scale <= 29 ? ("NUMERIC", null) : ("FLOAT", "DOUBLE");
        }
        return null;
    }

    public JsonObject ToField() => new() { ["name"] = Name, ["type"] = Type, ["mode"] = Mode };

    /// <summary>Columns people filter by, in order of preference: the first four a table has become its clustering.</summary>
    public static readonly IReadOnlyList<string> ClusteringPreference = ["agent", "project", "project_id", "session_id", "model", "kind", "type"];

    public static IReadOnlyList<string> Clustering(IEnumerable<BigQueryColumn> columns)
    {
        var names = columns.Where(c => c.Mode != "REPEATED" && c.Type is "STRING" or "INTEGER" or "DATE" or "BOOLEAN")
            .Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return ClusteringPreference.Where(names.Contains).Take(4).ToList();
    }
}
