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

    /// <param name="quiet">Nothing but errors: the table, verdict and warnings are left out; a NO-GO and a failure are still said.</param>
    public void Render(PipelineResult result, ResolvedSettings settings, bool json, bool quiet = false)
    {
        if (json)
        {
            console.Out.WriteLine(ToJson(result, settings).ToJsonString(JsonOutput.Indented));
            return;
        }
        if (quiet)
        {
            RenderNoGo(result, settings);
            RenderError(result);
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
                TerminalText.Markup($"{stage.Number} {stage.Name}"),
                StatusMarkup(o.Status),
                $"{stage.Elapsed.TotalSeconds:F1} s",
                N(o.ItemsIn), N(o.ItemsOut), N(o.ItemsFailed),
                TerminalText.Markup(Notes(stage)));
        }
        console.Ansi.Write(table);

        if (result.HaltReason is null)
        {
            foreach (var stage in result.Stages.Where(s => s.Number == 0 && s.Outcome.Status == StageStatus.Succeeded))
            {
                var m = stage.Outcome.Metrics;
                console.Ansi.MarkupLine($"[bold]{TerminalText.Markup(m["go_no_go"]?.GetValue<string>() ?? "")}[/]");
                foreach (var line in m["recommendations"]?.AsArray() ?? []) console.Ansi.MarkupLine($"  {TerminalText.Markup(line?.GetValue<string>() ?? "")}");
                // A format change should be noticed the day it lands, not when a report looks odd.
                if (m["format_drift"] is JsonValue drift && drift.TryGetValue<int>(out var unknown) && unknown > 0)
                    console.Ansi.MarkupLine($"[yellow]note:[/] {unknown} record types, subtypes or fields unknown to Hindsight appeared; see [bold]hindsight drift[/] (kept raw either way).");
            }
        }
        RenderNoGo(result, settings);
        if (result.Warning is not null) console.Ansi.MarkupLine($"[yellow]warning:[/] {TerminalText.Markup(result.Warning)}");
        foreach (var stage in result.Stages)
        {
            // Links that loop or dangle, folders that cannot be read, missing sources (stage 0), tokens that cannot be
            // deduplicated (stage 2): said here, not only in --json.
            var warnings = stage.Outcome.Warnings;
            foreach (var warning in warnings.Take(MaxWarningsShown))
                console.Ansi.MarkupLine($"[yellow]warning:[/] {TerminalText.Markup(warning)}");
            if (warnings.Count > MaxWarningsShown)
                console.Ansi.MarkupLine($"[yellow]warning:[/] and {warnings.Count - MaxWarningsShown} more (see --json or the manifest)");
        }
        foreach (var stage in result.Stages)
        {
            foreach (var error in stage.Outcome.FileErrors)
                console.Ansi.MarkupLine($"[yellow]unreadable:[/] {TerminalText.Markup(error)}");
        }
        RenderError(result);
    }

    private void RenderError(PipelineResult result)
    {
        if (result.Status == StageStatus.Cancelled)
            console.Error.WriteLine("cancelled: the run stopped after its last committed transaction; run it again to resume from there");
        else if (result.Error is not null) console.Error.WriteLine($"error: {TerminalText.Safe(result.Error.Message)}");
        else if (result.Stages.FirstOrDefault(s => s.Outcome.Status == StageStatus.Failed) is { } failed)
            console.Error.WriteLine($"error: stage {failed.Number} ({failed.Name}) failed: {TerminalText.Safe(failed.Outcome.Error)}");
    }

    /// <summary>
    /// A NO-GO is the reason for exit code 3, so it is said on standard error even with --quiet: the verdict, the
    /// offending files and their reasons, and how to proceed (--source, --force).
    /// </summary>
    private void RenderNoGo(PipelineResult result, ResolvedSettings settings)
    {
        if (result.HaltReason is null || result.Stages.FirstOrDefault(s => s.Number == 0) is not { } discovery) return;
        var m = discovery.Outcome.Metrics;
        console.Error.WriteLine($"error: discovery said {m["go_no_go"]?.GetValue<string>() ?? result.HaltReason}; nothing was ingested.");
        foreach (var line in m["recommendations"]?.AsArray() ?? []) console.Error.WriteLine($"  {TerminalText.Safe(line?.GetValue<string>() ?? "")}");
        if (m["transcript_files"] is JsonValue files && files.GetValue<long>() == 0) RenderWhereWeLooked(settings);
    }

    private void RenderWhereWeLooked(ResolvedSettings settings)
    {
        console.Error.WriteLine("No transcripts found. Looked in:");
        var looked = settings.Sources.Origin.StartsWith("--source", StringComparison.Ordinal) ? settings.Sources.Value : settings.SourceCandidates;
        foreach (var dir in looked)
            console.Error.WriteLine($"  {TerminalText.Safe(dir)} {(Directory.Exists(dir) ? "(empty)" : "(does not exist)")}");
        console.Error.WriteLine("Point Hindsight elsewhere with --source DIR or CLAUDE_CONFIG_DIR, or try it on a generated corpus: hindsight sample --out DIR.");
    }

    private static JsonObject ToJson(PipelineResult result, ResolvedSettings settings) => new()
    {
        ["run_id"] = result.RunId.ToString(),
        ["status"] = result.Status.ToName(),
        ["halt_reason"] = result.HaltReason,
        ["warning"] = result.Warning,
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
        if (stage.Outcome.Status is StageStatus.Failed or StageStatus.Cancelled) return stage.Outcome.Error ?? "";
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
        StageStatus.Cancelled => "[yellow]cancelled[/]",
        StageStatus.Halted => "[yellow]halted[/]",
        _ => "running",
    };
}
