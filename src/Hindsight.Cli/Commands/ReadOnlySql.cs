using System.Text.Json;
using DuckDB.NET.Data;
using Hindsight.Warehouse;

namespace Hindsight.Cli.Commands;

/// <summary>
/// The statements `hindsight query` accepts: exactly one query (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW,
/// SUMMARIZE: whatever DuckDB itself parses as a SELECT). DuckDB's own parser decides, through
/// <c>json_serialize_sql</c> on the warehouse's own read-only connection (parsing touches no table), so comments,
/// strings and nesting are read exactly as DuckDB will read them; a hand-written scanner refused <c>SELECT ';'</c> and
/// let <c>/* /* */ SELECT 1 */ SET …</c> through. A private in-memory database for the check cost every query a second
/// DuckDB instance's start-up. The warehouse is opened read-only with external access disabled: this check gives the
/// clear message, it is not the only guard.
/// </summary>
public static class ReadOnlySql
{
    /// <summary>The refusal that needs no parser: an empty or blank statement.</summary>
    public static string? EmptyRefusal(string sql) => string.IsNullOrWhiteSpace(sql) ? "the query is empty" : null;

    /// <summary>Null when <paramref name="sql"/> is one query; otherwise why it is refused. Parsed on <paramref name="session"/>, which it does not change.</summary>
    public static async Task<string?> RefusalAsync(WarehouseSession session, string sql, CancellationToken cancellationToken)
    {
        if (EmptyRefusal(sql) is { } empty) return empty;
        var parsed = await session.ScalarAsync<string>("SELECT json_serialize_sql($sql::VARCHAR)", cancellationToken, new DuckDBParameter("sql", sql)) ?? "";
        using var document = JsonDocument.Parse(parsed);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.GetBoolean())
        {
            string type = root.TryGetProperty("error_type", out var t) ? t.GetString() ?? "" : "";
            string message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? "" : "";
            return type == "not implemented"
                ? "only a query is allowed: hindsight query is read-only (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE), and this statement is not one"
                : $"the query does not parse: {message}";
        }
        int statements = root.TryGetProperty("statements", out var list) ? list.GetArrayLength() : 0;
        return statements switch
        {
            1 => null,
            0 => "the query is empty",
            _ => $"only one statement is allowed, not {statements}",
        };
    }
}
