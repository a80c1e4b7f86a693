using System.Text.Json.Nodes;
using Hindsight.Stages;
using Hindsight.Warehouse;

namespace Hindsight.Runs;

/// <summary>
/// Runs the pipeline for a caller (the command line, a test): opens the warehouse, picks the run's tracking (none in a
/// dry run), builds the run's context, runs the stages, and says how the run ended. A first run that finds nothing
/// leaves no warehouse and no manifest behind.
/// </summary>
public static class PipelineHost
{
    public static async Task<PipelineRunResult> RunAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var options = run.Options;
        // What this run may remove again: a first run that finds nothing leaves no warehouse and no manifest behind.
        var leftovers = FirstRunFiles.Before(options.DatabasePath, options.ManifestPath);
        Warehouse.Warehouse? warehouse = null;
        try
        {
            if (!options.DryRun || File.Exists(options.DatabasePath))
                warehouse = await Warehouse.Warehouse.OpenAsync(options.DatabasePath, run.Warehouse, cancellationToken);
        }
        catch (WarehouseRefusedException ex)
        {
            return new PipelineRunResult(RunConclusion.WarehouseRefused, null, ex);
        }
        catch (WarehouseDiskSpaceException ex)
        {
            return new PipelineRunResult(RunConclusion.NoDiskSpace, null, ex);
        }
        catch (Exception ex) when (ex is WarehouseException or WarehouseLockedException)
        {
            return new PipelineRunResult(RunConclusion.WarehouseUnavailable, null, ex);
        }

        if (warehouse?.Upgrade is { } upgrade) run.OnUpgrade(upgrade.Summary);
        PipelineResult result;
        await using (warehouse)
        {
            var runId = Guid.CreateVersion7();
            IRunTracker tracker = options.DryRun || warehouse is null
                ? new DryRunTracker(runId)
                : new WarehouseRunTracker(warehouse, runId, run.Version);
            var context = new StageContext { RunId = runId, Options = options, Warehouse = warehouse, Progress = run.Progress };
            try
            {
                result = await new Pipeline(run.Stages).RunAsync(context, tracker, run.Command, Recorded(options), cancellationToken);
            }
            catch (Exception ex)
            {
                // Run tracking itself failed (the pipeline records every stage's own failure): an error, never swallowed.
                return new PipelineRunResult(RunConclusion.TrackingFailed, null, ex);
            }
        }

        bool removed = false;
        if (result.FoundNothing && !options.DryRun)
        {
            leftovers.Remove();
            removed = leftovers.RemovedWarehouse;
        }
        return new PipelineRunResult(result.Conclusion, result, null) { RemovedNewWarehouse = removed };
    }

    /// <summary>The options recorded with the run in <c>runs.options_json</c>.</summary>
    private static JsonObject Recorded(PipelineOptions options) => new()
    {
        ["sources"] = new JsonArray(options.Sources.Select(s => (JsonNode?)s).ToArray()),
        ["dry_run"] = options.DryRun,
        ["batch_size"] = options.BatchSize,
        ["force"] = options.Force,
    };
}
