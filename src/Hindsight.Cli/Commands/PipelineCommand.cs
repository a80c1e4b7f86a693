using System.CommandLine;
using System.Text.Json.Nodes;
using Hindsight.Cli.Output;
using Hindsight.Cli.Settings;
using Hindsight.Runs;
using Hindsight.Stages;
using Hindsight.Warehouse;

namespace Hindsight.Cli.Commands;

/// <summary>`hindsight run` and the one-stage commands: settings and their validation, the library's run (<see cref="PipelineHost"/>), rendering.</summary>
public sealed class PipelineCommand(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    /// <param name="withCorrectionOptions">True for the commands that run stage 4 (its provider, limits and budget).</param>
    /// <param name="withForce">True for the commands that run discovery, whose NO-GO --force overrides.</param>
    public Command Create(string name, string description, Func<IReadOnlyList<IStage>> stages, bool withCorrectionOptions = false, bool withForce = false)
    {
        var command = new Command(name, description);
        CommonOptions.AddTo(command, common.All);
        // Each command gets its own option instances: System.CommandLine binds a value to the command that owns it.
        var correctionOptions = withCorrectionOptions ? new CorrectionOptionSet() : null;
        foreach (var option in correctionOptions?.All ?? []) command.Options.Add(option);
        var force = withForce
            ? new Option<bool>("--force") { Description = "Go on past discovery's NO-GO and ingest every readable line; the warning is recorded in the run." }
            : null;
        if (force is not null) command.Options.Add(force);
        command.SetAction((result, cancellationToken) => RunAsync(name, result, stages(), correctionOptions, force, cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(string name, ParseResult result, IReadOnlyList<IStage> stages, CorrectionOptionSet? correctionOptions, Option<bool>? force, CancellationToken cancellationToken)
    {
        var correction = new Stages.Correct.CorrectionStageOptions { Environment = environment };
        if (correctionOptions is not null)
        {
            var (bound, invalid) = correctionOptions.Bind(result, environment);
            if (bound is not null) correction = bound;
            if (invalid is not null)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(invalid)}");
                return ExitCodes.Usage;
            }
        }
        var settings = new SettingsResolver(environment).Resolve(result.GetValue(common.Db), result.GetValue(common.Manifest), result.GetValue(common.Source));
        bool dryRun = result.GetValue(common.DryRun);
        bool json = result.GetValue(common.Json);
        bool quiet = result.GetValue(common.Quiet);
        if (!quiet && !json)
            foreach (var notice in settings.Notices) console.Error.WriteLine($"note: {notice}");
        var options = Options(common, result, settings, correction) with
        {
            DryRun = dryRun,
            Force = force is not null && result.GetValue(force),
            IdHexLength = result.GetValue(common.IdHexLength),
        };
        var warehouseOptions = new WarehouseOptions
        {
            MemoryLimit = result.GetValue(common.MemoryLimit)!,
            LockWait = TimeSpan.FromSeconds(Math.Max(0, result.GetValue(common.Wait))),
            ReadOnly = dryRun,
            SourceFolders = options.Sources,
        };

        var hosted = await PipelineHost.RunAsync(new PipelineRun
        {
            Command = name,
            Stages = stages,
            Options = options,
            Warehouse = warehouseOptions,
            Progress = new ConsoleProgress(console, quiet || json),
            OnUpgrade = summary => console.Error.WriteLine(TerminalText.Safe(summary)),
            Version = typeof(PipelineCommand).Assembly.GetName().Version?.ToString() ?? "0",
        }, cancellationToken);
        int exitCode = ExitCodes.Of(hosted.Conclusion);
        if (hosted.Result is not { } outcome)
        {
            console.Error.WriteLine(FailureMessage(hosted, options.DatabasePath));
            return exitCode;
        }

        var renderer = new RunSummaryRenderer(console);
        renderer.Render(outcome, settings, json, quiet);
        if (hosted.RemovedNewWarehouse && !json)
            console.Error.WriteLine($"Nothing was found, so no warehouse was created at {options.DatabasePath}.");
        if (exitCode == ExitCodes.Success && name == "run" && !dryRun && !quiet && !json)
            console.Out.WriteLine(NextStep(settings));
        return exitCode;
    }

    /// <summary>A run's options from the settings and the options every command that ingests takes (run's, watch's).</summary>
    internal static PipelineOptions Options(CommonOptions common, ParseResult result, ResolvedSettings settings, Stages.Correct.CorrectionStageOptions correction) => new()
    {
        Sources = settings.Sources.Value,
        AgentSources = settings.AgentSources.Value,
        DatabasePath = settings.Database.Value,
        ManifestPath = settings.Manifest.Value,
        BatchSize = result.GetValue(common.BatchSize),
        MaxLineBytes = result.GetValue(common.MaxLineBytes),
        Correction = correction,
        PriceOverrideFile = result.GetValue(common.Prices),
    };

    /// <summary>The one line after a successful run that says what to try next, naming this run's warehouse.</summary>
    private static string NextStep(ResolvedSettings settings)
    {
        var db = settings.Database.Origin == "--db" ? $" --db {ShellQuote(settings.Database.Value)}" : "";
        return $"Next: hindsight report daily{db}   (or: hindsight query{db} " + ExampleQuery + ")";
    }

    /// <summary>A first query to try (kept out of the interpolated hint: it is shown, never run).</summary>
    private const string ExampleQuery = "\"SELECT kind, count(*) FROM messages GROUP BY 1\"";

    internal static string ShellQuote(string value) =>
        value.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ',' or ':' or '=' or '@')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Why the stages could not run: the warehouse could not be opened, or the run could not be recorded.</summary>
    private static string FailureMessage(PipelineRunResult hosted, string database) => hosted.Conclusion switch
    {
        // The refusal names the file and what to do; it is Hindsight's own text.
        RunConclusion.WarehouseRefused => $"error: {hosted.Failure?.Message}",
        RunConclusion.TrackingFailed => $"error: could not record the run in {TerminalText.Safe(database)}: {TerminalText.Safe(hosted.Failure?.Message)}",
        _ => $"error: {TerminalText.Safe(hosted.Failure?.Message)}",
    };
}
