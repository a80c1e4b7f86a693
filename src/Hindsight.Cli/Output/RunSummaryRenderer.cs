using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Cli.Settings;
using Hindsight.Runs;
using Hindsight.Stages;
using Spectre.Console;

namespace Hindsight.Cli.Output;

/// <summary>The end-of-run summary: a table per stage on a terminal, one JSON object with --json.</summary>
public sealed class RunSummaryRenderer(CliConsole console)
{
    private const int MaxWarningsShown = 20;

    public void Render(PipelineResult result, ResolvedSettings settings, bool json)
    {
        if (json)
        {
            console.Out.WriteLine(ToJson(result, settings).ToJsonString(JsonOutput.Indented));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"run {result.RunId}");
        table.AddColumn("stage").AddColumn("status").AddColumn(new TableColumn("time").RightAligned())
             .AddColumn(new TableColumn("in").RightAligned()).AddColumn(new TableColumn("out").RightAligned())
             .AddColumn(new TableColumn("failed").RightAligned()).AddColumn("notes");
        foreach (var stage in result.Stages)
        {
            var o = stage.Outcome;
            table.AddRow(
                Markup.Escape($"{stage.Number} {stage.Name}"),
                StatusMarkup(o.Status),
                $"{stage.Elapsed.TotalSeconds:F1} s",
                N(o.ItemsIn), N(o.ItemsOut), N(o.ItemsFailed),
                Markup.Escape(Notes(stage)));
        }
        console.Ansi.Write(table);

        foreach (var stage in result.Stages.Where(s => s.Number == 0 && s.Outcome.Status == StageStatus.Succeeded))
        {
            var m = stage.Outcome.Metrics;
            console.Ansi.MarkupLine($"[bold]{Markup.Escape(m["go_no_go"]?.GetValue<string>() ?? "")}[/]");
            foreach (var line in m["recommendations"]?.AsArray() ?? []) console.Ansi.MarkupLine($"  {Markup.Escape(line?.GetValue<string>() ?? "")}");
            if (m["transcript_files"]?.GetValue<long>() == 0) RenderWhereWeLooked(settings);
            // A format change should be noticed the day it lands, not when a report looks odd.
            if (m["format_drift"] is JsonValue drift && drift.TryGetValue<int>(out var unknown) && unknown > 0)
                console.Ansi.MarkupLine($"[yellow]note:[/] {unknown} record types, subtypes or fields unknown to Hindsight appeared; see [bold]hindsight drift[/] (kept raw either way).");
        }
        foreach (var stage in result.Stages)
        {
            // Links that loop or dangle, folders that cannot be read, missing sources (stage 0), tokens that cannot be
            // deduplicated (stage 2): said here, not only in --json.
            var warnings = stage.Outcome.Metrics["warnings"]?.AsArray() ?? [];
            foreach (var warning in warnings.Take(MaxWarningsShown))
                console.Ansi.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning?.GetValue<string>() ?? "")}");
            if (warnings.Count > MaxWarningsShown)
                console.Ansi.MarkupLine($"[yellow]warning:[/] and {warnings.Count - MaxWarningsShown} more (see --json or the manifest)");
        }
        foreach (var stage in result.Stages)
        {
            foreach (var error in stage.Outcome.Metrics["file_errors"]?.AsArray() ?? [])
                console.Ansi.MarkupLine($"[yellow]unreadable:[/] {Markup.Escape(error?.GetValue<string>() ?? "")}");
        }
        if (result.Error is not null) console.Error.WriteLine($"error: {result.Error.Message}");
        else if (result.Stages.FirstOrDefault(s => s.Outcome.Status == StageStatus.Failed) is { } failed)
            console.Error.WriteLine($"error: stage {failed.Number} ({failed.Name}) failed: {failed.Outcome.Error}");
    }

    private void RenderWhereWeLooked(ResolvedSettings settings)
    {
        console.Ansi.MarkupLine("No transcripts found. Looked in:");
        var looked = settings.Sources.Origin == "--source" ? settings.Sources.Value : settings.SourceCandidates;
        foreach (var dir in looked)
            console.Ansi.MarkupLine($"  {Markup.Escape(dir)} {(Directory.Exists(dir) ? "(empty)" : "(does not exist)")}");
        console.Ansi.MarkupLine("Point Hindsight elsewhere with [bold]--source DIR[/] or CLAUDE_CONFIG_DIR, or try it on a generated corpus: [bold]hindsight sample --out DIR[/].");
    }

    private static JsonObject ToJson(PipelineResult result, ResolvedSettings settings) => new()
    {
        ["run_id"] = result.RunId.ToString(),
        ["status"] = result.Status.ToName(),
        ["halt_reason"] = result.HaltReason,
        ["error"] = result.Error?.Message,
        ["database"] = settings.Database.Value,
        ["stages"] = new JsonArray(result.Stages.Select(s => (JsonNode?)new JsonObject
        {
            ["stage"] = s.Number,
            ["name"] = s.Name,
            ["status"] = s.Outcome.Status.ToName(),
            ["elapsed_ms"] = Math.Round(s.Elapsed.TotalMilliseconds, 1),
            ["items_in"] = s.Outcome.ItemsIn,
            ["items_out"] = s.Outcome.ItemsOut,
            ["items_failed"] = s.Outcome.ItemsFailed,
            ["error"] = s.Outcome.Error,
            ["metrics"] = s.Outcome.Metrics.DeepClone(),
        }).ToArray()),
    };

    private static string Notes(StageReport stage)
    {
        var m = stage.Outcome.Metrics;
        if (stage.Outcome.Status == StageStatus.Skipped) return m["reason"]?.GetValue<string>() ?? "";
        if (stage.Outcome.Status == StageStatus.Failed) return stage.Outcome.Error ?? "";
        return stage.Number switch
        {
            0 => $"{m["decision"]}; {N(m, "transcript_files")} transcript files, {N(m, "records")} records, {N(m, "files_unchanged")} unchanged",
            1 => $"{N(m, "records")} records, {N(m, "dead_letters")} dead letters, {N(m, "content_blocks")} blocks; files: {N(m, "files_appended")} read, {N(m, "files_replaced")} replaced, {N(m, "files_unchanged")} unchanged",
            _ => m["summary"]?.GetValue<string>() ?? "",
        };
    }

    private static string N(JsonObject metrics, string key) => metrics[key] is JsonValue v && v.TryGetValue<long>(out var n) ? N(n) : "0";
    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string StatusMarkup(StageStatus status) => status switch
    {
        StageStatus.Succeeded => "[green]succeeded[/]",
        StageStatus.Failed => "[red]failed[/]",
        StageStatus.Skipped => "[yellow]skipped[/]",
        _ => "running",
    };
}
