using System.Globalization;
using Hindsight.Cli.Commands;
using Hindsight.Runs;
using Hindsight.Watch;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hindsight.Cli.Output;

/// <summary>
/// What `hindsight watch` shows after each pass: a live view redrawn in place on a terminal (Spectre.Console's Live),
/// plain lines on a pipe or a file (one for the pass, one or more for today), nothing with --quiet but errors.
/// </summary>
public sealed class WatchView
{
    private readonly CliConsole _console;
    private readonly bool _live;
    private readonly bool _quiet;
    private WatchPassOutcome? _lastPass;
    private TodayActivity? _today;
    private int _passes;

    private WatchView(CliConsole console, bool live, bool quiet) => (_console, _live, _quiet) = (console, live, quiet);

    public static WatchView For(CliConsole console, bool quiet)
    {
        var capabilities = console.Ansi.Profile.Capabilities;
        return new WatchView(console, live: !quiet && capabilities.Interactive && capabilities.Ansi, quiet);
    }

    public void Started(IReadOnlyList<string> folders, int watched, WatchTiming timing)
    {
        if (_quiet) return;
        string events = watched > 0 ? $"file events from {watched} of {folders.Count} folder(s)" : "no file events (rescan only)";
        string correction = timing.CorrectEvery is { } every ? $", stage 4 every {Format(every)}" : ", stage 4 off";
        _console.Error.WriteLine(TerminalText.Safe($"watching {string.Join(", ", folders)}: {events}, debounce {Format(timing.Debounce)}, rescan every {Format(timing.RescanEvery)}{correction}; Ctrl-C stops"));
    }

    /// <summary>Runs <paramref name="body"/>, which reports each pass through the callback it is given.</summary>
    public async Task RunAsync(Func<Action<WatchPassOutcome, TodayActivity?>, Task> body)
    {
        if (!_live)
        {
            await body(WriteLines);
            return;
        }
        await _console.Ansi.Live(Render()).AutoClear(false).StartAsync(async context =>
            await body((outcome, today) =>
            {
                Remember(outcome, today);
                context.UpdateTarget(Render());
                context.Refresh();
            }));
    }

    private void Remember(WatchPassOutcome outcome, TodayActivity? today)
    {
        _passes++;
        _lastPass = outcome;
        _today = today ?? _today;
    }

    private void WriteLines(WatchPassOutcome outcome, TodayActivity? today)
    {
        Remember(outcome, today);
        bool failed = outcome.Hosted.Conclusion != Stages.RunConclusion.Succeeded;
        if (_quiet && !failed) return;
        var writer = failed ? _console.Error : _console.Out;
        writer.WriteLine(TerminalText.Safe(PassLine(outcome)));
        if (_quiet || today is null) return;
        foreach (var line in TodayLines(today)) _console.Out.WriteLine(TerminalText.Safe(line));
    }

    /// <summary>One line for a pass: which, how it ended, how long it took, and what each stage took in.</summary>
    private string PassLine(WatchPassOutcome outcome)
    {
        var head = $"{DateTimeOffset.UtcNow:HH:mm:ss} pass {_passes} ({outcome.Pass.ToName()})";
        var hosted = outcome.Hosted;
        if (hosted.Result is not { } result)
            return $"{head} could not run: {hosted.Failure?.Message}";
        var stages = string.Join(", ", result.Stages.Select(s => $"{s.Number} {StageStatusNames.ToName(s.Outcome.Status)} {s.Outcome.ItemsIn}/{s.Outcome.ItemsOut}"));
        var runs = outcome.Runs > 1 ? $" in {outcome.Runs} runs" : "";
        var ending = hosted.Conclusion == Stages.RunConclusion.Succeeded ? "done" : $"ended {hosted.Conclusion}: {result.Error?.Message ?? result.HaltReason}";
        return $"{head} {ending} in {outcome.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s{runs} (stage in/out: {stages})";
    }

    private static IEnumerable<string> TodayLines(TodayActivity today)
    {
        var models = today.Models.Select(m => $"{m.Model} {m.Calls} calls {m.Tokens:N0} tokens ${m.CostUsd:0.0000}");
        yield return $"today {today.Day:yyyy-MM-dd} UTC: ${today.CostUsd:0.0000}, {today.Tokens:N0} tokens" + (today.Models.Count > 0 ? "; " + string.Join("; ", models) : "");
        yield return $"active sessions (last {TodayActivityQuery.ActiveWindow.TotalMinutes:0} min): " +
            (today.ActiveSessions.Count == 0 ? "none" : string.Join("; ", today.ActiveSessions.Select(s => $"{s.Project} {s.Session} at {s.LastActivity:HH:mm:ss}, {s.Prompts} prompts")));
        if (today.LastPrompts is [var last, ..])
            yield return $"last prompt {last.At:HH:mm:ss} {last.Project}: {OneLine(last.Text)}";
    }

    private IRenderable Render()
    {
        var status = _lastPass is null ? "[grey]first pass…[/]" : Markup.Escape(TerminalText.Safe(PassLine(_lastPass)));
        var parts = new List<IRenderable> { new Markup($"[bold]hindsight watch[/]  {status}") };
        if (_today is { } today)
        {
            var models = new Table().Title($"today {today.Day:yyyy-MM-dd} UTC: ${today.CostUsd:0.0000}, {today.Tokens:N0} tokens")
                .AddColumn("model").AddColumn(new TableColumn("calls").RightAligned()).AddColumn(new TableColumn("tokens").RightAligned()).AddColumn(new TableColumn("cost").RightAligned());
            foreach (var m in today.Models) models.AddRow(TerminalText.Markup(m.Model), $"{m.Calls:N0}", $"{m.Tokens:N0}", $"${m.CostUsd:0.0000}");
            parts.Add(models);
            var sessions = new Table().Title($"active sessions (last {TodayActivityQuery.ActiveWindow.TotalMinutes:0} min)")
                .AddColumn("project").AddColumn("session").AddColumn("last").AddColumn(new TableColumn("prompts").RightAligned());
            foreach (var s in today.ActiveSessions) sessions.AddRow(TerminalText.Markup(s.Project), TerminalText.Markup(s.Session), $"{s.LastActivity:HH:mm:ss}", $"{s.Prompts:N0}");
            parts.Add(sessions);
            var prompts = new Table().Title("last prompts").AddColumn("time").AddColumn("project").AddColumn("prompt");
            foreach (var p in today.LastPrompts) prompts.AddRow($"{p.At:HH:mm:ss}", TerminalText.Markup(p.Project), TerminalText.Markup(OneLine(p.Text)));
            parts.Add(prompts);
        }
        return new Rows(parts);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Format(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0}h"
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? $"{span.TotalMinutes:0}m"
        : span.TotalSeconds >= 1 && span.TotalSeconds % 1 == 0 ? $"{span.TotalSeconds:0}s"
        : $"{span.TotalMilliseconds:0}ms";
}
