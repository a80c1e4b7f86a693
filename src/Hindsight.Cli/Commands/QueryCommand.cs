using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Hindsight.Warehouse;
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
            if (await ReadOnlySql.RefusalAsync(warehouse.Session, sql, cancellationToken) is { } reason)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(reason)}");
                return ExitCodes.Usage;
            }
            try
            {
                if (result.GetValue(common.Json))
                {
                    // Each row goes straight into the JSON array: no second copy of the result is held.
                    var array = new JsonArray();
                    await warehouse.Session.ReadColumnsAndRowsAsync(sql, row => array.Add((JsonNode)JsonRow(row)), cancellationToken);
                    console.Out.WriteLine(array.ToJsonString(JsonOutput.Indented));
                    return ExitCodes.Success;
                }
                int limit = Math.Max(1, result.GetValue(maxRows));
                var shownRows = new List<string[]>();
                long total = 0;
                var columns = await warehouse.Session.ReadColumnsAndRowsAsync(sql, row =>
                {
                    if (total++ >= limit) return;
                    shownRows.Add(Enumerable.Range(0, row.ColumnCount).Select(i => TerminalText.Markup(Display(row.Value(i)))).ToArray());
                }, cancellationToken);
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var column in columns) table.AddColumn(TerminalText.Markup(column));
                foreach (var cells in shownRows) table.AddRow(cells);
                console.Ansi.Write(table);
                int shown = shownRows.Count;
                if (!result.GetValue(common.Quiet)) console.Error.WriteLine(total > shown ? $"{total:N0} rows ({shown:N0} shown; --max-rows or --json for more)" : $"{total:N0} rows");
                return ExitCodes.Success;
            }
            catch (WarehouseQueryException ex)
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

    /// <summary>One row as a JSON object, keyed by column name (JsonArray.Add(JsonNode), not Add&lt;T&gt;, which needs reflection under Native AOT).</summary>
    private static JsonObject JsonRow(WarehouseRow row)
    {
        var node = new JsonObject();
        for (int i = 0; i < row.ColumnCount; i++) node[row.ColumnName(i)] = row.Value(i) is { } value ? ToNode(value) : null;
        return node;
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
