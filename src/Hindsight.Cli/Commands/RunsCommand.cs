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
            var runs = new JsonArray();
            JsonObject? current = null;
            await foreach (var row in warehouse.Session.StreamAsync(RecentRunsSql, cancellationToken,
                new DuckDB.NET.Data.DuckDBParameter("limit", Math.Max(1, result.GetValue(limit)))))
            {
                var runId = row.GetGuid("run_id").ToString();
                if (current is null || current["run_id"]!.GetValue<string>() != runId)
                {
                    current = new JsonObject
                    {
                        ["run_id"] = runId,
                        ["command"] = row.GetString("command"),
                        ["status"] = row.GetString("run_status"),
                        ["started_at"] = Time(row.GetTimestamp("run_started_at")),
                        ["ended_at"] = row.GetTimestampOrNull("run_ended_at") is { } ended ? Time(ended) : null,
                        ["error"] = row.GetStringOrNull("run_error"),
                        ["stages"] = new JsonArray(),
                    };
                    runs.Add((JsonNode)current); // JsonArray.Add(JsonNode), not Add<T>, which needs reflection (Native AOT)
                }
                if (row.GetInt32OrNull("stage") is not { } stage) continue;
                var memory = StageMemoryColumns.From(row.GetStringOrNull("metrics_json"));
                current["stages"]!.AsArray().Add((JsonNode)new JsonObject
                {
                    ["stage"] = stage,
                    ["name"] = row.GetString("stage_name"),
                    ["status"] = row.GetString("stage_status"),
                    ["seconds"] = row.GetTimestampOrNull("stage_ended_at") is { } stageEnded ? Math.Round((stageEnded - row.GetTimestamp("stage_started_at")).TotalSeconds, 3) : null,
                    ["items_in"] = row.GetInt64OrNull("items_in"),
                    ["items_out"] = row.GetInt64OrNull("items_out"),
                    ["items_failed"] = row.GetInt64OrNull("items_failed"),
                    ["error"] = row.GetStringOrNull("stage_error"),
                    ["peak_rss_bytes"] = memory.PeakRssBytes,
                    ["peak_rss_exact"] = memory.PeakRssExact,
                    ["duckdb_memory_peak_bytes"] = memory.DuckDbPeakBytes,
                    ["duckdb_spill_peak_bytes"] = memory.DuckDbSpillPeakBytes,
                });
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
    private const string RecentRunsSql = """
        WITH recent AS (SELECT * FROM runs ORDER BY started_at DESC LIMIT $limit)
        SELECT r.run_id, r.command, r.status AS run_status, r.started_at AS run_started_at, r.ended_at AS run_ended_at, r.error AS run_error,
               s.stage, s.stage_name, s.status AS stage_status, s.started_at AS stage_started_at, s.ended_at AS stage_ended_at,
               s.items_in, s.items_out, s.items_failed, s.error AS stage_error, s.metrics_json
        FROM recent r LEFT JOIN run_stages s USING (run_id)
        ORDER BY r.started_at DESC, s.stage
        """;

    private static string Time(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
