using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Cli.Output;
using Hindsight.Runs;
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
            foreach (var run in await RunHistory.RecentAsync(warehouse, result.GetValue(limit), cancellationToken))
            {
                var stages = new JsonArray();
                foreach (var stage in run.Stages)
                {
                    var memory = StageMemoryColumns.From(stage.MetricsJson);
                    stages.Add((JsonNode)new JsonObject // JsonArray.Add(JsonNode), not Add<T>, which needs reflection (Native AOT)
                    {
                        ["stage"] = stage.Stage,
                        ["name"] = stage.Name,
                        ["status"] = stage.Status,
                        ["seconds"] = stage.EndedAt is { } stageEnded ? Math.Round((stageEnded - stage.StartedAt).TotalSeconds, 3) : null,
                        ["items_in"] = stage.ItemsIn,
                        ["items_out"] = stage.ItemsOut,
                        ["items_failed"] = stage.ItemsFailed,
                        ["error"] = stage.Error,
                        ["peak_rss_bytes"] = memory.PeakRssBytes,
                        ["peak_rss_exact"] = memory.PeakRssExact,
                        ["duckdb_memory_peak_bytes"] = memory.DuckDbPeakBytes,
                        ["duckdb_spill_peak_bytes"] = memory.DuckDbSpillPeakBytes,
                    });
                }
                runs.Add((JsonNode)new JsonObject
                {
                    ["run_id"] = run.RunId.ToString(),
                    ["command"] = run.Command,
                    ["status"] = run.Status,
                    ["started_at"] = Time(run.StartedAt),
                    ["ended_at"] = run.EndedAt is { } ended ? Time(ended) : null,
                    ["error"] = run.Error,
                    ["stages"] = stages,
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
    private static string Time(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
