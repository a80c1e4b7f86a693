using System.Diagnostics;
using System.Text.Json.Nodes;
using Hindsight.Runs;

namespace Hindsight.Stages;

/// <summary>
/// Runs stages in order under one run id, recording each in run tracking. A stage that throws is
/// recorded as failed with its error and stops the run; a stage that halts the run (NO-GO) leaves
/// the later stages recorded as skipped.
/// </summary>
public sealed class Pipeline(IReadOnlyList<IStage> stages)
{
    public IReadOnlyList<IStage> Stages { get; } = stages;

    public async Task<PipelineResult> RunAsync(StageContext context, IRunTracker tracker, string command, JsonObject options, CancellationToken cancellationToken)
    {
        await tracker.StartRunAsync(command, options, cancellationToken);
        var reports = new List<StageReport>();
        foreach (var stage in Stages)
        {
            if (context.HaltReason is { } halt)
            {
                var skipped = StageOutcome.Skipped(halt);
                await tracker.StartStageAsync(stage.Number, stage.Name, cancellationToken);
                await tracker.FinishStageAsync(stage.Number, skipped, cancellationToken);
                reports.Add(new StageReport(stage.Number, stage.Name, skipped, TimeSpan.Zero));
                continue;
            }

            await tracker.StartStageAsync(stage.Number, stage.Name, cancellationToken);
            // Each stage's own peak RSS and DuckDB high-water mark, recorded in its metrics (`hindsight runs`).
            await using var memory = await StageMemoryProbe.StartAsync(context.Warehouse, cancellationToken);
            var clock = Stopwatch.StartNew();
            StageOutcome outcome;
            StageInputs? inputs = null;
            try
            {
                if (stage is IIncrementalStage incremental && context.Warehouse is { } store && !context.Options.DryRun)
                {
                    inputs = new StageInputs(store, stage.Number);
                    var signature = await incremental.InputSignatureAsync(inputs, context, cancellationToken);
                    if (await inputs.UnchangedSinceLastRunAsync(signature, cancellationToken))
                    {
                        var unchanged = new StageOutcome(StageStatus.Succeeded, 0, 0, 0, new JsonObject
                        {
                            ["inputs_unchanged"] = true,
                            ["summary"] = "inputs unchanged since its last run: nothing to recompute",
                        });
                        (await memory.StopAsync()).WriteTo(unchanged.Metrics);
                        await tracker.FinishStageAsync(stage.Number, unchanged, cancellationToken);
                        reports.Add(new StageReport(stage.Number, stage.Name, unchanged, clock.Elapsed));
                        continue;
                    }
                    // A run that fails halfway must not leave a fingerprint claiming its output is current.
                    await inputs.ForgetAsync(cancellationToken);
                }
                outcome = await stage.RunAsync(context, cancellationToken);
                if (outcome.Status == StageStatus.Succeeded && inputs is not null)
                {
                    // Taken again after the run: the fingerprint includes the size of the stage's own output.
                    var after = await ((IIncrementalStage)stage).InputSignatureAsync(inputs, context, cancellationToken);
                    await inputs.RememberAsync(after, context.RunId, cancellationToken);
                }
            }
            catch (Exception ex)
            {
                var failure = new StageFailedException(stage.Number, stage.Name, context.RunId, ex);
                // Cancelled by the caller (a signal): recorded as such, not as a failure of the stage.
                bool cancelled = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
                var status = cancelled ? StageStatus.Cancelled : StageStatus.Failed;
                var failed = new StageOutcome(status, 0, 0, 0, new JsonObject(), ex is OperationCanceledException ? "cancelled" : ex.Message);
                (await memory.StopAsync()).WriteTo(failed.Metrics);
                // Record the failure even when the run was cancelled: tracking must not be lost. When recording
                // fails too (a full disk), the error says both, so the stage's own cause is not hidden.
                try
                {
                    await tracker.FinishStageAsync(stage.Number, failed, CancellationToken.None);
                    await tracker.FinishRunAsync(status, cancelled ? $"cancelled during stage {stage.Number} ({stage.Name})" : failure.Message, CancellationToken.None);
                }
                catch (Exception trackingError)
                {
                    throw new InvalidOperationException($"{failure.Message} (and the failure could not be recorded: {trackingError.Message})", failure);
                }
                reports.Add(new StageReport(stage.Number, stage.Name, failed, clock.Elapsed));
                return new PipelineResult(context.RunId, status, reports, context.HaltReason, failure);
            }
            // Each stage leaves its writes in the database file, not in memory and the WAL, for the next (a WAL
            // of under 1 MB, a stage that changed almost nothing, is left for DuckDB's checkpoint on close).
            if (context.Warehouse is { } warehouse && !context.Options.DryRun) await warehouse.CheckpointAsync(cancellationToken);
            outcome.Metrics["elapsed_ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
            (await memory.StopAsync()).WriteTo(outcome.Metrics);
            await tracker.FinishStageAsync(stage.Number, outcome, cancellationToken);
            reports.Add(new StageReport(stage.Number, stage.Name, outcome, clock.Elapsed));
            if (outcome.Status == StageStatus.Failed)
            {
                await tracker.FinishRunAsync(StageStatus.Failed, outcome.Error, cancellationToken);
                return new PipelineResult(context.RunId, StageStatus.Failed, reports, context.HaltReason, null);
            }
        }
        // A NO-GO is not a success: the run is recorded as halted, with the verdict as its reason.
        var runStatus = context.HaltReason is null ? StageStatus.Succeeded : StageStatus.Halted;
        await tracker.FinishRunAsync(runStatus, context.HaltReason ?? context.RunWarning, cancellationToken);
        return new PipelineResult(context.RunId, runStatus, reports, context.HaltReason, null) { Warning = context.RunWarning };
    }
}
