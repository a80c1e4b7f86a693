using System.Text.Json;
using DuckDB.NET.Data;

namespace Hindsight.Cli.Commands;

/// <summary>
/// The statements `hindsight query` accepts: exactly one query (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW,
/// SUMMARIZE: whatever DuckDB itself parses as a SELECT). DuckDB's own parser decides, through
/// <c>json_serialize_sql</c> on a private in-memory database, so comments, strings and nesting are read exactly as
/// DuckDB will read them; a hand-written scanner refused <c>SELECT ';'</c> and let <c>/* /* */ SELECT 1 */ SET …</c>
/// through. The warehouse is also opened read-only with external access disabled: this check gives the clear
/// message, it is not the only guard.
/// </summary>
public static class ReadOnlySql
{
    /// <summary>Null when <paramref name="sql"/> is one query; otherwise why it is refused.</summary>
    public static async Task<string?> RefusalAsync(string sql, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sql)) return "the query is empty";
        await using var parser = new DuckDBConnection("Data Source=:memory:");
        await parser.OpenAsync(cancellationToken);
        using var command = parser.CreateCommand();
        command.CommandText = "SELECT json_serialize_sql($sql::VARCHAR)";
        command.Parameters.Add(new DuckDBParameter("sql", sql));
        var parsed = (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "";
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
