using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using DuckDB.NET.Data;
using Hindsight.Cli.Output;
using Spectre.Console;

namespace Hindsight.Cli.Commands;

/// <summary>`hindsight query "SQL"`: one read-only statement against the warehouse, as a table or JSON.</summary>
public sealed class QueryCommand(CommonOptions common, CliConsole console, WarehouseReader reader)
{
    public Command Create()
    {
        var sqlArgument = new Argument<string>("sql") { Description = "One read-only SQL statement, e.g. \"SELECT type, count(*) FROM records GROUP BY 1\"." };
        var maxRows = new Option<int>("--max-rows") { Description = "Rows shown in the table view (JSON returns all).", DefaultValueFactory = _ => 200 };
        var command = new Command("query", "Run a read-only SQL query against the warehouse.") { sqlArgument, maxRows };
        CommonOptions.AddTo(command, common.Reading);
        command.SetAction(async (result, cancellationToken) =>
        {
            var sql = result.GetValue(sqlArgument)!;
            if (ReadOnlySql.EmptyRefusal(sql) is { } empty)
            {
                console.Error.WriteLine($"error: {empty}");
                return ExitCodes.Usage;
            }
            await using var warehouse = await reader.OpenAsync(result, cancellationToken, allowExternalAccess: false);
            if (warehouse is null) return reader.FailureExitCode;
            if (await ReadOnlySql.RefusalAsync(warehouse.Connection, sql, cancellationToken) is { } reason)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(reason)}");
                return ExitCodes.Usage;
            }
            try
            {
                using var command = warehouse.Connection.CreateCommand();
                command.CommandText = sql;
                using var rows = await command.ExecuteReaderAsync(cancellationToken);
                var columns = Enumerable.Range(0, rows.FieldCount).Select(rows.GetName).ToArray();
                if (result.GetValue(common.Json))
                {
                    await WriteJsonAsync(rows, columns, cancellationToken);
                    return ExitCodes.Success;
                }
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var column in columns) table.AddColumn(TerminalText.Markup(column));
                int shown = 0, total = 0;
                int limit = Math.Max(1, result.GetValue(maxRows));
                while (await rows.ReadAsync(cancellationToken))
                {
                    total++;
                    if (shown >= limit) continue;
                    table.AddRow(Enumerable.Range(0, columns.Length).Select(i => TerminalText.Markup(Display(rows.IsDBNull(i) ? null : rows.GetValue(i)))).ToArray());
                    shown++;
                }
                console.Ansi.Write(table);
                if (!result.GetValue(common.Quiet)) console.Error.WriteLine(total > shown ? $"{total:N0} rows ({shown:N0} shown; --max-rows or --json for more)" : $"{total:N0} rows");
                return ExitCodes.Success;
            }
            catch (DuckDBException ex)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
                return ExitCodes.Failure;
            }
            catch (InvalidCastException ex)
            {
                // DuckDB.NET cannot hand over a list or map holding NULL (it ended the process with a stack trace).
                console.Error.WriteLine($"error: a value cannot be shown ({TerminalText.Safe(ex.Message)}); cast the column to VARCHAR, e.g. column::VARCHAR");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private async Task WriteJsonAsync(System.Data.Common.DbDataReader rows, string[] columns, CancellationToken cancellationToken)
    {
        var array = new JsonArray();
        while (await rows.ReadAsync(cancellationToken))
        {
            var row = new JsonObject();
            for (int i = 0; i < columns.Length; i++) row[columns[i]] = rows.IsDBNull(i) ? null : ToNode(rows.GetValue(i));
            array.Add((JsonNode)row); // JsonArray.Add(JsonNode), not Add<T>, which needs reflection (Native AOT)
        }
        console.Out.WriteLine(array.ToJsonString(JsonOutput.Indented));
    }

    private static JsonNode? ToNode(object value) => value switch
    {
        string s => s,
        bool b => b,
        long or int or short or byte or sbyte or ushort or uint => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong u => JsonValue.Create(u),
        double d => double.IsFinite(d) ? d : d.ToString(CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal m => m,
        System.Numerics.BigInteger big => big.ToString(CultureInfo.InvariantCulture),
        DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        byte[] bytes => Convert.ToBase64String(bytes),
        System.Collections.IDictionary map => Nested(map),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(item => item is null ? null : ToNode(item)).ToArray()),
        _ => Display(value),
    };

    /// <summary>A STRUCT or MAP as a JSON object, its keys as text.</summary>
    private static JsonObject Nested(System.Collections.IDictionary map)
    {
        var node = new JsonObject();
        foreach (System.Collections.DictionaryEntry entry in map)
            node[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = entry.Value is null or DBNull ? null : ToNode(entry.Value);
        return node;
    }

    private static string Display(object? value) => value switch
    {
        null => "",
        DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        byte[] bytes => $"<{bytes.Length} bytes>",
        System.Collections.IDictionary or System.Collections.IList => ToNode(value)?.ToJsonString(JsonOutput.Compact) ?? "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
