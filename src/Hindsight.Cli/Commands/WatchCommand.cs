using System.CommandLine;
using Hindsight.Cli.Output;
using Hindsight.Cli.Settings;
using Hindsight.Warehouse;
using Hindsight.Watch;

namespace Hindsight.Cli.Commands;

/// <summary>
/// `hindsight watch`: stages 0 to 3 and the search index whenever transcripts change, stage 4 on its own schedule,
/// each pass a run of its own that opens the warehouse and closes it again (<see cref="WatchLoop"/>); a live view of
/// today between passes. Ctrl-C and SIGTERM end it with exit 0 after the current transaction.
/// </summary>
public sealed class WatchCommand(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    /// <summary>Prompts per correction run: each run opens and closes the warehouse, so readers get in between.</summary>
    public const int CorrectionChunk = 200;

    /// <summary>How long a pass waits for a reader (report, query) to let go of the warehouse unless --wait says otherwise.</summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(30);

    private readonly Option<string?> _correctEvery = DurationOption("--correct-every", "Run stage 4 (then staging and the search index) this often, e.g. 30m (default: never; it sends prompts to a provider).");
    private readonly Option<string?> _debounce = DurationOption("--debounce", $"How long files must be quiet after a change before it is ingested (default {WatchTiming.DefaultDebounce.TotalSeconds:0}s; a stream of changes waits at most {WatchSchedule.MaxDebounceFactor} times this).");
    private readonly Option<string?> _rescanEvery = DurationOption("--rescan-every", $"Ingest at least this often even without a file-system event, which can be lost (default {WatchTiming.DefaultRescanEvery.TotalMinutes:0}m).");
    private readonly Option<bool> _noFileEvents = new("--no-file-events") { Description = "Do not listen for file-system events (a network file system that sends none): ingest on the rescan interval only." };

    public Command Create()
    {
        var command = new Command("watch", "Ingest transcripts as they change (stages 0-3 and the search index), stage 4 on its own schedule; a live view of today. Ctrl-C stops it.");
        CommonOptions.AddTo(command, [common.Source, common.Db, common.Manifest, common.Quiet, common.BatchSize, common.MemoryLimit, common.Wait, common.MaxLineBytes, common.Prices]);
        var correction = new CorrectionOptionSet();
        foreach (var option in correction.All) command.Options.Add(option);
        foreach (var option in new Option[] { _correctEvery, _debounce, _rescanEvery, _noFileEvents }) command.Options.Add(option);
        command.SetAction((result, cancellationToken) => RunAsync(result, correction, cancellationToken));
        return command;
    }

    private static Option<string?> DurationOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        Validators =
        {
            result =>
            {
                var text = result.GetValueOrDefault<string?>();
                if (!WatchDuration.TryParse(text, out _))
                    result.AddError($"{name} must be a duration such as 500ms, 2s, 10m or 1h, not '{text}'.");
            },
        },
    };

    private static TimeSpan? Duration(ParseResult result, Option<string?> option) =>
        WatchDuration.TryParse(result.GetValue(option), out var value) ? value : null;

    private async Task<int> RunAsync(ParseResult result, CorrectionOptionSet correctionOptions, CancellationToken cancellationToken)
    {
        var (correction, invalid) = correctionOptions.Bind(result, environment);
        if (invalid is not null || correction is null)
        {
            console.Error.WriteLine($"error: {TerminalText.Safe(invalid)}");
            return ExitCodes.Usage;
        }
        var settings = new SettingsResolver(environment).Resolve(result.GetValue(common.Db), result.GetValue(common.Manifest), result.GetValue(common.Source));
        bool quiet = result.GetValue(common.Quiet);
        if (!quiet)
            foreach (var notice in settings.Notices) console.Error.WriteLine($"note: {notice}");
        var options = PipelineCommand.Options(common, result, settings, correction);
        var timing = new WatchTiming
        {
            Debounce = Duration(result, _debounce) ?? WatchTiming.DefaultDebounce,
            RescanEvery = Duration(result, _rescanEvery) ?? WatchTiming.DefaultRescanEvery,
            CorrectEvery = Duration(result, _correctEvery),
        };
        var passes = new WatchPasses(options, new WarehouseOptions
        {
            MemoryLimit = result.GetValue(common.MemoryLimit)!,
            LockWait = result.GetResult(common.Wait) is { Implicit: false } ? TimeSpan.FromSeconds(Math.Max(0, result.GetValue(common.Wait))) : DefaultLockWait,
            SourceFolders = options.Sources,
        }, typeof(WatchCommand).Assembly.GetName().Version?.ToString() ?? "0");

        // A warehouse that cannot be written at all (refused, short of disk) ends watch; a pass that failed does not.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int exitCode = ExitCodes.Success;
        var loop = new WatchLoop(TimeProvider.System, timing);
        var folders = options.AgentSources.Select(s => s.Path).Concat(options.Sources);
        using var watcher = result.GetValue(_noFileEvents) ? null : new TranscriptWatcher(folders, loop.Changed);
        var view = WatchView.For(console, quiet);
        view.Started(folders.Distinct(StringComparer.Ordinal).ToList(), watcher?.Folders ?? 0, timing);
        await view.RunAsync(async update =>
        {
            await loop.RunAsync(async (pass, token) =>
            {
                var outcome = await passes.RunAsync(pass, token);
                if (outcome.ExitCode is { } fatal)
                {
                    exitCode = fatal;
                    await stop.CancelAsync();
                }
                // Read even when the pass was stopped by a signal: the view shows how it ended (the read takes at most seconds).
                update(outcome, await passes.TodayAsync(CancellationToken.None));
                return outcome.Ran;
            }, stop.Token);
        });
        if (exitCode == ExitCodes.Success && !quiet) console.Error.WriteLine("watch stopped");
        return exitCode;
    }
}
