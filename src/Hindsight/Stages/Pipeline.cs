using System.Diagnostics;
using System.Text.Json.Nodes;
using Hindsight.Runs;
using Hindsight.Stages.Discover;
using Hindsight.Stages.Extract;

namespace Hindsight.Stages;

/// <summary>
/// Runs stages in order under one run id, recording each in run tracking. A stage that throws is
/// recorded as failed with its error and stops the run; a stage that halts the run (NO-GO) leaves
/// the later stages recorded as skipped. Discovery followed by extraction share one read of each changed file:
/// discovery stays open (<see cref="DiscoveryStart.AwaitsPass"/>) until extraction's pass, and is decided right after
/// it; a NO-GO then takes the pass back and records extraction as skipped, as if it had never run. What discovery
/// hands extraction (<see cref="DiscoveryHandOff"/>) is passed here, from one to the other; what a stage decides
/// about the run (halt, warning) comes back in its outcome.
/// </summary>
public sealed class Pipeline(IReadOnlyList<IStage> stages)
{
    public IReadOnlyList<IStage> Stages { get; } = stages;

    /// <summary>A stage left open until the pass it waits on has run, with its place in the reports.</summary>
    private sealed record HeldStage(DiscoveryStage Stage, PendingDiscovery Pending, Stopwatch Clock, int ReportIndex, StageMemory FirstPartMemory);

    public async Task<PipelineResult> RunAsync(StageContext context, IRunTracker tracker, string command, JsonObject options, CancellationToken cancellationToken)
    {
        await tracker.StartRunAsync(command, options, cancellationToken);
        bool extractionFollows = ExtractionFollowsDiscovery();
        var reports = new List<StageReport>();
        HeldStage? held = null;
        DiscoveryHandOff? handOff = null;
        // What the stages decided about the run: a NO-GO's reason, a forced NO-GO's warning, a failure the run goes on past.
        string? haltReason = null;
        string? runWarning = null;
        StageReport? failedGoingOn = null;
        foreach (var stage in Stages)
        {
            if (haltReason is { } halt)
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
                        var unchanged = await incremental.UnchangedAsync(context, cancellationToken);
                        (await memory.StopAsync()).WriteTo(unchanged.Metrics);
                        await tracker.FinishStageAsync(stage.Number, unchanged, cancellationToken);
                        reports.Add(new StageReport(stage.Number, stage.Name, unchanged, clock.Elapsed));
                        continue;
                    }
                    // A run that fails halfway must not leave a fingerprint claiming its output is current.
                    await inputs.ForgetAsync(cancellationToken);
                }
                switch (stage)
                {
                    case DiscoveryStage discovery:
                        var start = await discovery.StartAsync(context, extractionFollows, cancellationToken);
                        (outcome, handOff) = (start.Outcome, start.HandOff);
                        break;
                    case ExtractionStage extraction:
                        outcome = await extraction.RunAsync(context, handOff, cancellationToken);
                        break;
                    default:
                        outcome = await stage.RunAsync(context, cancellationToken);
                        break;
                }
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
                    if (held is not null)
                    {
                        // The open stage cannot decide without the pass: it ends as the pass did.
                        var notDecided = new StageOutcome(status, 0, 0, 0, new JsonObject(), $"not decided: stage {stage.Number} ({stage.Name}), whose read it shares, did not finish");
                        await tracker.FinishStageAsync(held.Stage.Number, notDecided, CancellationToken.None);
                        reports[held.ReportIndex] = new StageReport(held.Stage.Number, held.Stage.Name, notDecided, held.Clock.Elapsed);
                    }
                    await tracker.FinishStageAsync(stage.Number, failed, CancellationToken.None);
                    await tracker.FinishRunAsync(status, cancelled ? $"cancelled during stage {stage.Number} ({stage.Name})" : failure.Message, CancellationToken.None);
                }
                catch (Exception trackingError)
                {
                    throw new InvalidOperationException($"{failure.Message} (and the failure could not be recorded: {trackingError.Message})", failure);
                }
                reports.Add(new StageReport(stage.Number, stage.Name, failed, clock.Elapsed));
                return new PipelineResult(context.RunId, status, reports, haltReason, failure);
            }
            if (stage is DiscoveryStage discoveryStage && handOff?.Pending is { } pending)
            {
                // Its row stays 'running' until the pass it shares has run; its place in the reports is kept.
                clock.Stop();
                held = new HeldStage(discoveryStage, pending, clock, reports.Count, await memory.StopAsync());
                reports.Add(null!);
                continue;
            }
            outcome.Metrics["elapsed_ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
            StageFailedException? undecided = null;
            if (held is not null && stage is ExtractionStage)
            {
                (var decided, undecided) = await CompleteHeldAsync(held, context, reports, tracker, cancellationToken);
                held = null;
                (haltReason, runWarning) = (decided.HaltReason, decided.RunWarning ?? runWarning);
                // A NO-GO took the pass back: extraction is recorded as never having run, with what it had read.
                if (undecided is null && haltReason is { } refused)
                {
                    var undone = StageOutcome.Skipped(refused);
                    undone.Metrics["undone"] = outcome.Metrics.DeepClone();
                    outcome = undone;
                }
            }
            // Each stage leaves its writes in the database file, not in memory and the WAL, for the next (a WAL
            // of under 1 MB, a stage that changed almost nothing, is left for DuckDB's checkpoint on close).
            if (context.Warehouse is { } warehouse && !context.Options.DryRun) await warehouse.CheckpointAsync(cancellationToken);
            (await memory.StopAsync()).WriteTo(outcome.Metrics);
            await tracker.FinishStageAsync(stage.Number, outcome, cancellationToken);
            reports.Add(new StageReport(stage.Number, stage.Name, outcome, clock.Elapsed));
            if (undecided is not null) return await FailedDecisionAsync(undecided, context, reports, tracker, haltReason, cancellationToken);
            haltReason ??= outcome.HaltReason;
            runWarning ??= outcome.RunWarning;
            if (outcome.Status == StageStatus.Failed)
            {
                // A stage whose finished work the later stages still turn into output (stage 4's kept results, staged by
                // stage 5) lets them run; the run still ends failed, with its error.
                if (outcome.LaterStagesRun)
                {
                    failedGoingOn ??= reports[^1];
                    continue;
                }
                await tracker.FinishRunAsync(StageStatus.Failed, outcome.Error, cancellationToken);
                return new PipelineResult(context.RunId, StageStatus.Failed, reports, haltReason, null);
            }
        }
        if (held is not null)
        {
            var (decided, failedDecision) = await CompleteHeldAsync(held, context, reports, tracker, cancellationToken);
            if (failedDecision is not null) return await FailedDecisionAsync(failedDecision, context, reports, tracker, haltReason, cancellationToken);
            (haltReason, runWarning) = (decided.HaltReason, decided.RunWarning ?? runWarning);
        }
        if (failedGoingOn is not null)
        {
            await tracker.FinishRunAsync(StageStatus.Failed, failedGoingOn.Outcome.Error, cancellationToken);
            return new PipelineResult(context.RunId, StageStatus.Failed, reports, haltReason, null);
        }
        // A NO-GO is not a success: the run is recorded as halted, with the verdict as its reason.
        var runStatus = haltReason is null ? StageStatus.Succeeded : StageStatus.Halted;
        await tracker.FinishRunAsync(runStatus, haltReason ?? runWarning, cancellationToken);
        return new PipelineResult(context.RunId, runStatus, reports, haltReason, null) { Warning = runWarning };
    }

    /// <summary>True when this run has extraction after discovery, so the two can share one read of each changed file.</summary>
    private bool ExtractionFollowsDiscovery()
    {
        int discovery = Stages.ToList().FindIndex(s => s is DiscoveryStage);
        return discovery >= 0 && Stages.Skip(discovery + 1).Any(s => s is ExtractionStage);
    }

    /// <summary>Decides the open stage and records it, with the failure if deciding threw (recorded as the stage's).</summary>
    private static async Task<(StageOutcome Outcome, StageFailedException? Failure)> CompleteHeldAsync(
        HeldStage held, StageContext context, List<StageReport> reports, IRunTracker tracker, CancellationToken cancellationToken)
    {
        var stage = held.Stage;
        held.Clock.Start();
        await using var memory = await StageMemoryProbe.StartAsync(context.Warehouse, cancellationToken);
        StageOutcome outcome;
        StageFailedException? failure = null;
        try
        {
            outcome = await stage.CompleteAsync(context, held.Pending, cancellationToken);
            held.Clock.Stop();
            outcome.Metrics["elapsed_ms"] = Math.Round(held.Clock.Elapsed.TotalMilliseconds, 1);
        }
        catch (Exception ex)
        {
            failure = new StageFailedException(stage.Number, stage.Name, context.RunId, ex);
            bool cancelled = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            outcome = new StageOutcome(cancelled ? StageStatus.Cancelled : StageStatus.Failed, 0, 0, 0, new JsonObject(),
                ex is OperationCanceledException ? "cancelled" : ex.Message);
        }
        held.FirstPartMemory.Combine(await memory.StopAsync()).WriteTo(outcome.Metrics);
        await tracker.FinishStageAsync(stage.Number, outcome, failure is null ? cancellationToken : CancellationToken.None);
        reports[held.ReportIndex] = new StageReport(stage.Number, stage.Name, outcome, held.Clock.Elapsed);
        return (outcome, failure);
    }

    private static async Task<PipelineResult> FailedDecisionAsync(StageFailedException failure, StageContext context, List<StageReport> reports, IRunTracker tracker,
        string? haltReason, CancellationToken cancellationToken)
    {
        bool cancelled = failure.InnerException is OperationCanceledException && cancellationToken.IsCancellationRequested;
        var status = cancelled ? StageStatus.Cancelled : StageStatus.Failed;
        await tracker.FinishRunAsync(status, cancelled ? $"cancelled during stage {failure.Stage} ({failure.StageName})" : failure.Message, CancellationToken.None);
        return new PipelineResult(context.RunId, status, reports, haltReason, failure);
    }
}
