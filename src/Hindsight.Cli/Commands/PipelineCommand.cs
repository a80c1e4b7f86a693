using System.CommandLine;
using System.Text.Json.Nodes;
using Hindsight.Cli.Output;
using Hindsight.Cli.Settings;
using Hindsight.Runs;
using Hindsight.Stages;
using Hindsight.Warehouse;

namespace Hindsight.Cli.Commands;

/// <summary>`hindsight run` and the one-stage commands: resolve settings, open the warehouse, run, report.</summary>
public sealed class PipelineCommand(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    /// <param name="withCorrectionOptions">True for the commands that run stage 4 (its provider, limits and budget).</param>
    public Command Create(string name, string description, Func<IReadOnlyList<IStage>> stages, bool withCorrectionOptions = false)
    {
        var command = new Command(name, description);
        // Each command gets its own option instances: System.CommandLine binds a value to the command that owns it.
        var correctionOptions = withCorrectionOptions ? new CorrectionOptionSet() : null;
        foreach (var option in correctionOptions?.All ?? []) command.Options.Add(option);
        command.SetAction((result, cancellationToken) => RunAsync(name, result, stages(), correctionOptions, cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(string name, ParseResult result, IReadOnlyList<IStage> stages, CorrectionOptionSet? correctionOptions, CancellationToken cancellationToken)
    {
        var correction = new Stages.Staging.CorrectionStageOptions { Environment = environment };
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
        var options = new PipelineOptions
        {
            Sources = settings.Sources.Value,
            DatabasePath = settings.Database.Value,
            ManifestPath = settings.Manifest.Value,
            BatchSize = Math.Max(1, result.GetValue(common.BatchSize)),
            DryRun = dryRun,
            MaxLineBytes = result.GetValue(common.MaxLineBytes),
            Correction = correction,
            PriceOverrideFile = result.GetValue(common.Prices),
            IdHexLength = result.GetValue(common.IdHexLength),
        };
        var warehouseOptions = new WarehouseOptions
        {
            MemoryLimit = result.GetValue(common.MemoryLimit)!,
            LockWait = TimeSpan.FromSeconds(Math.Max(0, result.GetValue(common.Wait))),
            ReadOnly = dryRun,
        };

        Warehouse.Warehouse? warehouse = null;
        try
        {
            if (!dryRun || File.Exists(options.DatabasePath))
                warehouse = await Warehouse.Warehouse.OpenAsync(options.DatabasePath, warehouseOptions, cancellationToken);
        }
        catch (Exception ex) when (ex is WarehouseException or WarehouseLockedException)
        {
            console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
            return ExitCodes.Failure;
        }

        await using (warehouse)
        {
            var runId = Guid.CreateVersion7();
            IRunTracker tracker = dryRun || warehouse is null
                ? new DryRunTracker(runId)
                : new WarehouseRunTracker(warehouse, runId, typeof(PipelineCommand).Assembly.GetName().Version?.ToString() ?? "0");
            var context = new StageContext
            {
                RunId = runId,
                Options = options,
                Warehouse = warehouse,
                Progress = new ConsoleProgress(console, result.GetValue(common.Quiet) || json),
            };
            var recorded = new JsonObject
            {
                ["sources"] = new JsonArray(options.Sources.Select(s => (JsonNode?)s).ToArray()),
                ["dry_run"] = dryRun,
                ["batch_size"] = options.BatchSize,
            };

            PipelineResult outcome;
            try
            {
                outcome = await new Pipeline(stages).RunAsync(context, tracker, name, recorded, cancellationToken);
            }
            catch (Exception ex)
            {
                // Run tracking itself failed: that is an error, never swallowed.
                console.Error.WriteLine($"error: could not record the run in {TerminalText.Safe(options.DatabasePath)}: {TerminalText.Safe(ex.Message)}");
                return ExitCodes.Failure;
            }

            new RunSummaryRenderer(console).Render(outcome, settings, json);
            return ExitCodeOf(outcome);
        }
    }

    private static int ExitCodeOf(PipelineResult result)
    {
        if (result.Status is StageStatus.Failed or StageStatus.Cancelled) return ExitCodes.Failure;
        if (result.HaltReason is not null) return ExitCodes.NoGo;
        bool unreadableFiles = result.Stages.Any(s => s.Outcome.Metrics["files_failed"] is JsonValue v && v.GetValue<long>() > 0);
        return unreadableFiles ? ExitCodes.PartialInput : ExitCodes.Success;
    }
}
