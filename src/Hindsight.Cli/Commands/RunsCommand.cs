using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Hindsight.Cli.Output;
using Spectre.Console;

namespace Hindsight.Cli.Commands;

/// <summary>`hindsight runs`: recent runs with each stage's status, duration, counts and memory (peak RSS, DuckDB's high-water mark).</summary>
public sealed class RunsCommand(CommonOptions common, CliConsole console, WarehouseReader reader)
{
    public Command Create()
    {
        var limit = new Option<int>("--limit")
        {
            Description = "How many recent runs to show.",
            DefaultValueFactory = _ => 10,
            HelpName = "N",
            Validators = { result => CommonOptions.AtLeast(result, "--limit", 1) },
        };
        var command = new Command("runs", "Show recent runs, one row per stage.") { limit };
        CommonOptions.AddTo(command, common.Reading);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var warehouse = await reader.OpenAsync(result, cancellationToken);
            if (warehouse is null) return reader.FailureExitCode;
            using var sql = warehouse.Connection.CreateCommand();
            sql.CommandText = """
                WITH recent AS (SELECT * FROM runs ORDER BY started_at DESC LIMIT $limit)
                SELECT r.run_id, r.command, r.status, r.started_at, r.ended_at, r.error,
                       s.stage, s.stage_name, s.status, s.started_at, s.ended_at, s.items_in, s.items_out, s.items_failed, s.error,
                       s.metrics_json
                FROM recent r LEFT JOIN run_stages s USING (run_id)
                ORDER BY r.started_at DESC, s.stage
                """;
            sql.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("limit", Math.Max(1, result.GetValue(limit))));
            var runs = new JsonArray();
            JsonObject? current = null;
            using (var rows = await sql.ExecuteReaderAsync(cancellationToken))
            {
                while (await rows.ReadAsync(cancellationToken))
                {
                    var runId = rows.GetGuid(0).ToString();
                    if (current is null || current["run_id"]!.GetValue<string>() != runId)
                    {
                        current = new JsonObject
                        {
                            ["run_id"] = runId,
                            ["command"] = rows.GetString(1),
                            ["status"] = rows.GetString(2),
                            ["started_at"] = Time(rows.GetValue(3)),
                            ["ended_at"] = rows.IsDBNull(4) ? null : Time(rows.GetValue(4)),
                            ["error"] = rows.IsDBNull(5) ? null : rows.GetString(5),
                            ["stages"] = new JsonArray(),
                        };
                        runs.Add((JsonNode)current); // JsonArray.Add(JsonNode), not Add<T>, which needs reflection (Native AOT)
                    }
                    if (rows.IsDBNull(6)) continue;
                    var memory = StageMemoryColumns.From(rows.IsDBNull(15) ? null : rows.GetString(15));
                    current["stages"]!.AsArray().Add((JsonNode)new JsonObject
                    {
                        ["stage"] = rows.GetInt32(6),
                        ["name"] = rows.GetString(7),
                        ["status"] = rows.GetString(8),
                        ["seconds"] = rows.IsDBNull(10) ? null : Math.Round((Warehouse.DuckDbValues.ToUtc(rows.GetValue(10)) - Warehouse.DuckDbValues.ToUtc(rows.GetValue(9))).TotalSeconds, 3),
                        ["items_in"] = rows.IsDBNull(11) ? null : rows.GetInt64(11),
                        ["items_out"] = rows.IsDBNull(12) ? null : rows.GetInt64(12),
                        ["items_failed"] = rows.IsDBNull(13) ? null : rows.GetInt64(13),
                        ["error"] = rows.IsDBNull(14) ? null : rows.GetString(14),
                        ["peak_rss_bytes"] = memory.PeakRssBytes,
                        ["peak_rss_exact"] = memory.PeakRssExact,
                        ["duckdb_memory_peak_bytes"] = memory.DuckDbPeakBytes,
                        ["duckdb_spill_peak_bytes"] = memory.DuckDbSpillPeakBytes,
                    });
                }
            }

            if (result.GetValue(common.Json))
            {
                console.Out.WriteLine(new JsonObject { ["runs"] = runs }.ToJsonString(JsonOutput.Indented));
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("run").AddColumn("command").AddColumn("started (UTC)").AddColumn("stage").AddColumn("status")
                 .AddColumn(new TableColumn("time").RightAligned()).AddColumn(new TableColumn("in").RightAligned())
                 .AddColumn(new TableColumn("out").RightAligned()).AddColumn(new TableColumn("failed").RightAligned())
                 .AddColumn(new TableColumn("peak RSS").RightAligned()).AddColumn(new TableColumn("DuckDB peak").RightAligned()).AddColumn("error");
            foreach (var run in runs)
            {
                bool first = true;
                foreach (var stage in run!["stages"]!.AsArray().DefaultIfEmpty(null))
                {
                    table.AddRow(
                        first ? TerminalText.Markup(run["run_id"]!.GetValue<string>()) : "",
                        first ? TerminalText.Markup($"{run["command"]} ({run["status"]})") : "",
                        first ? TerminalText.Markup(run["started_at"]!.GetValue<string>()[..19].Replace('T', ' ')) : "",
                        stage is null ? "" : TerminalText.Markup($"{stage["stage"]} {stage["name"]}"),
                        stage is null ? "" : TerminalText.Markup(stage["status"]!.GetValue<string>()),
                        stage?["seconds"] is { } s ? $"{s.GetValue<double>():F1} s" : "",
                        Count(stage?["items_in"]), Count(stage?["items_out"]), Count(stage?["items_failed"]),
                        StageMemoryColumns.PeakRss(stage?["peak_rss_bytes"], stage?["peak_rss_exact"]),
                        StageMemoryColumns.Megabytes(stage?["duckdb_memory_peak_bytes"]),
                        TerminalText.Markup(stage?["error"]?.GetValue<string>() ?? (first ? run["error"]?.GetValue<string>() ?? "" : "")));
                    first = false;
                }
            }
            console.Ansi.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Count(JsonNode? node) => node is JsonValue v ? v.GetValue<long>().ToString("N0", CultureInfo.InvariantCulture) : "";
    private static string Time(object value) => Warehouse.DuckDbValues.ToUtc(value).ToString("O", CultureInfo.InvariantCulture);
}
