using System.Text.Json.Nodes;
using Hindsight.Messages;
using Hindsight.Pricing;
using Hindsight.Runs;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Stage 2: the silver layer. Classifies every record into a message kind with its cleaned text,
/// detected secrets redacted (raw rows stay untouched and are the only place a secret is kept), marks duplicates with their reason, and builds one row per API call
/// with its real token usage and cost. Records are classified once; the derived tables are computed again only for
/// the files whose records changed (and the rows sharing their keys), a slice of files at a time.
/// </summary>
public sealed class CleaningStage(CleaningSlices slices) : IIncrementalStage
{
    public CleaningStage() : this(CleaningSlices.Default) { }

    public int Number => 2;
    public string Name => "cleaning";

    /// <summary>Every stored record as ingested (a re-read file gets a new run id), the price table, and the output's size.</summary>
    public Task<string> InputSignatureAsync(StageInputs inputs, StageContext context, CancellationToken cancellationToken) =>
        inputs.SignatureAsync(
            CleanSql.Stage.InputSignature,
            [context.Prices.Version, ApiCallBuilder.RulesVersion, DuplicateMarker.RulesVersion, context.Options.PriceOverrideFile ?? ""], cancellationToken);

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (context.Options.DryRun)
            return StageOutcome.Skipped("dry run: stage 2 derives tables from stored records and writes them");
        var warehouse = context.RequireWarehouse();
        var table = context.Prices;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ReturnFreedHeap();
        ClassificationPass.Counts classified;
        var pass = new ClassificationPass(warehouse, Math.Max(1000, context.Options.BatchSize * 10), slices);
        // The pass's own search for unclassified records sizes the progress (one scan of records against messages, not two).
        var plan = await pass.PlanAsync(cancellationToken);
        using (var progress = context.Progress.BeginStage(Number, Name, plan.Pending, "records"))
        {
            classified = await pass.RunAsync(plan, progress, cancellationToken);
        }
        var (sessionsFilled, originMissing) = await new FileWideClassification(warehouse).ApplyAsync(cancellationToken);
        double classifyMs = clock.Elapsed.TotalMilliseconds;
        ReturnFreedHeap();
        var derived = await DeriveChangedFilesAsync(warehouse, table, slices, cancellationToken);
        // Agents whose calls are not one per record (Codex's cumulative counts look across its files, replayed forks
        // included) have their calls computed whole, by their own usage rules, after the slices.
        var agentCalls = new List<(string Metric, long Calls)>();
        foreach (var source in Sources.TranscriptSources.All)
        {
            if (source.CallRules is { } rules) agentCalls.Add((rules.MetricName, await rules.RebuildAsync(warehouse, table, cancellationToken)));
        }
        double deriveMs = clock.Elapsed.TotalMilliseconds - classifyMs;
        var duplicates = await new DuplicateMarker(warehouse).CountsByReasonAsync(cancellationToken);
        var callCounts = await new ApiCallBuilder(warehouse, table).CountsAsync(cancellationToken);
        var (calls, unpriced) = (callCounts.Calls, callCounts.Unpriced);
        long costStateSessions = Convert.ToInt64(await warehouse.ScalarAsync(CleanSql.Stage.CostStateSessions, cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);

        long humanPrompts = Convert.ToInt64(await warehouse.ScalarAsync(CleanSql.Stage.HumanPrompts, cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        var warnings = UsageWarnings.Describe(callCounts.LinesWithoutIds, callCounts.ShareWithoutIds, callCounts.OutputUnfinalized).ToList();
        var metrics = new JsonObject
        {
            // Stage 1 classifies what it stores; these count records stored without a classification (an older release's).
            ["records_classified"] = classified.Classified.Classified,
            ["messages_removed"] = classified.Removed,
            ["kinds_classified"] = MetricCounts.ToJson(classified.Classified.Kinds),
            ["secrets_redacted_in_typed_tool_results"] = classified.Classified.SecretsRedacted,
            ["messages_given_file_session"] = sessionsFilled,
            ["prompts_origin_missing"] = originMissing,
            ["classify_ms"] = Math.Round(classifyMs, 1),
            ["derive_ms"] = Math.Round(deriveMs, 1),
            ["files_derived"] = derived.Files,
            ["derive_slices"] = derived.Slices,
            ["duplicate_marks_changed"] = derived.ChangedMarks,
            ["api_calls_written"] = derived.CallsWritten,
            ["duplicates"] = MetricCounts.ToJson(duplicates),
            ["human_typed_messages"] = humanPrompts,
            ["api_calls"] = calls,
            ["api_calls_unpriced"] = unpriced,
            ["price_table_version"] = table.Version,
            ["api_calls_from_progress_copies"] = callCounts.ProgressCopies,
            ["usage_lines_without_ids"] = callCounts.LinesWithoutIds,
            ["usage_tokens_without_ids"] = callCounts.TokensWithoutIds,
            ["usage_token_share_without_ids"] = Math.Round(callCounts.ShareWithoutIds, 4),
            ["api_calls_output_unfinalized"] = callCounts.OutputUnfinalized,
            ["cost_state_sessions"] = costStateSessions,
            ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)w).ToArray()),
            ["summary"] = $"{duplicates.Values.Sum():N0} duplicates marked, {calls:N0} API calls ({unpriced:N0} unpriced), {humanPrompts:N0} human-typed messages",
        };
        foreach (var (metric, count) in agentCalls) metrics[metric] = count;
        return new StageOutcome(StageStatus.Succeeded, classified.Classified.Classified, calls, 0, metrics) { Warnings = warnings };
    }

    /// <summary>
    /// Gives the memory of the .NET heap that is no longer live back to the system, before a phase whose DuckDB
    /// statements need memory outside DuckDB's own limit (a read of the raw archive decompresses one stored vector of
    /// 2,048 lines at a time: 50 MB in the heavy corpus's largest session). The heap otherwise keeps what the previous
    /// phase (or stage) committed: on the heavy corpus 97 MB committed for 38 MB live after classification, so the
    /// derivation's peak sat on top of it (stage 2 alone under a 256 MB limit: 615-660 MB peak RSS, 554 MB with this,
    /// traced). One blocking collection of a few tens of megabytes, twice a stage (once for stage 1's leftovers).
    /// </summary>
    private static void ReturnFreedHeap() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>What the slices derived: files, slices, message rows whose duplicate mark changed, API calls written.</summary>
    private sealed record DerivedCounts(long Files, long Slices, long ChangedMarks, long CallsWritten);

    /// <summary>
    /// Derives the duplicate marks, API calls and cost-state snapshots of the files whose records changed, a slice
    /// of files at a time, each slice in one transaction with the record of what it was derived from (a run killed
    /// halfway leaves the remaining slices changed, and the next run derives them). Each slice's statements touch
    /// its rows and the rows that share their keys, never the whole corpus (the slices are cut in the order records are
    /// stored, so the raw text a slice reads is its own), and the writes are checkpointed once the log grows, so memory
    /// is bounded by the slice.
    /// </summary>
    private static async Task<DerivedCounts> DeriveChangedFilesAsync(
        Warehouse.Warehouse warehouse, Pricing.PriceTable prices, CleaningSlices bounds, CancellationToken cancellationToken)
    {
        var files = new DerivedFiles(warehouse);
        var keys = new DerivedKeyTables(warehouse);
        var marker = new DuplicateMarker(warehouse);
        var calls = new ApiCallBuilder(warehouse, prices);
        var costStates = new CostStateBuilder(warehouse);
        var derivedWith = DerivedWith(prices);
        var slices = await files.ChangedSlicesAsync(derivedWith, bounds.DeriveRecords, cancellationToken);
        long changedMarks = 0, callsWritten = 0;
        // Nothing read here depends on row order: DuckDB may then stream and spill instead of buffering.
        await warehouse.ExecuteAsync("SET preserve_insertion_order = false", cancellationToken);
        try
        {
            foreach (var slice in slices)
            {
                using (var transaction = warehouse.Session.BeginTransaction())
                {
                    var records = await files.BeginSliceAsync(slice, cancellationToken);
                    await keys.RefreshSliceAsync(records, cancellationToken);
                    changedMarks += await marker.MarkSliceAsync(cancellationToken);
                    callsWritten += await calls.BuildSliceAsync(cancellationToken);
                    await costStates.BuildSliceAsync(cancellationToken);
                    await keys.DropTouchedKeysAsync(cancellationToken);
                    await files.EndSliceAsync(slice, derivedWith, cancellationToken);
                    transaction.Commit();
                }
                await warehouse.CheckpointAsync(cancellationToken, minimumWalBytes: CheckpointWalBytes);
            }
        }
        finally
        {
            await warehouse.ExecuteAsync("RESET preserve_insertion_order", CancellationToken.None);
        }
        return new DerivedCounts(slices.Sum(s => s.Count), slices.Count, changedMarks, callsWritten);
    }

    /// <summary>
    /// A slice's writes are checkpointed once the log holds this much: committed rows wait in DuckDB's buffer pool
    /// (spilled like any other block under the memory limit) until then, and a checkpoint per slice cost a quarter of
    /// the derivation on the seed corpus while each wrote a few megabytes. The pipeline checkpoints after the stage.
    /// </summary>
    private const long CheckpointWalBytes = 64L << 20;

    /// <summary>The rules and prices a file is derived with: when they change, every file is derived again.</summary>
    private static string DerivedWith(Pricing.PriceTable prices) =>
        $"{ApiCallBuilder.RulesVersion}|{DuplicateMarker.RulesVersion}|{ApiCallBuilder.PriceVersion(prices)}";
}
