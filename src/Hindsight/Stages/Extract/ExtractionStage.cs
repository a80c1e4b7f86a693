using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Hindsight.Runs;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discover;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Stage 1: every line of every transcript becomes exactly one record or one dead letter, and its
/// content blocks become rows. Incremental: unchanged files are skipped, grown files are read from
/// where the last run stopped, rewritten files are replaced. Files are read and written in parallel, one
/// <see cref="ExtractionLane"/> per core, each committing batches with the read positions they cover. The readers also profile the files discovery asked for
/// (<see cref="ProfileRequests"/>), so in `run` each changed file is read and parsed once; run alone, extraction
/// profiles what it reads and stores the profiles, so the next `discover` does not read those files again.
/// </summary>
public sealed class ExtractionStage : IStage
{
    /// <summary>
    /// Raw bytes per chunk a reader hands to the writer. Kept small: a chunk lives as .NET strings (twice
    /// its UTF-8 size, and again for block texts) while it waits in the channel, so this bounds memory.
    /// </summary>
    private const long ChunkBytes = 2L * 1024 * 1024;
    /// <summary>Raw bytes per write transaction, beside the row count (--batch-size).</summary>
    private const long TransactionBytes = 8L * 1024 * 1024;
    /// <summary>
    /// Log size at which the lanes pause for a checkpoint (<see cref="LaneCheckpoints"/>): what bounds the rows held
    /// uncheckpointed, whatever the corpus's size. Each checkpoint leaves every table's last row group partly filled
    /// (merged once, after the lanes: see <c>noMerging</c> below), so not much smaller.
    /// </summary>
    private const long CheckpointWalBytes = 128L * 1024 * 1024;

    public int Number => 1;
    public string Name => "extraction";

    /// <summary>Extraction on its own: it walks the folders itself and profiles what it reads for the next discovery.</summary>
    public Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken) =>
        RunAsync(context, handOff: null, cancellationToken);

    /// <summary>Extraction after discovery in the same run, from what discovery found (<paramref name="handOff"/>).</summary>
    public async Task<StageOutcome> RunAsync(StageContext context, DiscoveryHandOff? handOff, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var discovery = handOff?.Discovery;
        var pendingDiscovery = handOff?.Pending;
        // Profiles asked for by discovery in this run, or (extraction on its own) by the next discovery.
        var requests = pendingDiscovery?.Requests;
        bool profilesToStore = false;
        if (discovery is null)
        {
            profilesToStore = true;
            discovery = Hindsight.Sources.TranscriptSources.Discover(options.Sources, options.AgentSources, cancellationToken);
            if (!options.DryRun)
                await FileStateStore.SaveInventoryAsync(context.RequireWarehouse(), context.RunId, discovery.Files, new Dictionary<string, string>(), cancellationToken);
        }

        var totals = new ExtractionTotals();
        // Rows stored under older secret rules (or by a release that did not redact them) are redacted again first.
        if (!options.DryRun) totals.RowsReRedacted = await new RedactionUpgrade(context.RequireWarehouse()).EnsureCurrentAsync(context.RunId, cancellationToken);
        var plans = new List<FileIngestPlan>();
        // No file changed since the last extraction that read every file it planned: nothing to plan.
        var inputs = options.DryRun ? null : new StageInputs(context.RequireWarehouse(), Number);
        bool inventoryUnchanged = inputs is not null && handOff?.InventorySignature is { } inventory
            && await inputs.UnchangedSinceLastRunAsync(inventory, cancellationToken);
        if (inventoryUnchanged)
        {
            totals.FilesUnchanged = discovery.Files.Count(f => f.Kind.IsTranscript());
            return Outcome(totals, plans, inventoryUnchanged);
        }
        if (inputs is not null) await inputs.ForgetAsync(cancellationToken);
        var stored = await FileStateStore.LoadAsync(context.Warehouse, withProfiles: profilesToStore, cancellationToken);
        if (profilesToStore)
        {
            requests = new ProfileRequests();
            foreach (var file in discovery.Files.Where(f => f.Kind.IsTranscript()))
            {
                var state = stored.GetValueOrDefault(file.FileId);
                if (ProfileRequests.Reusable(file, state) is null) requests.Want(file, state);
            }
        }
        foreach (var file in discovery.Files.Where(f => f.Kind.IsTranscript()))
        {
            var plan = await IngestPlanner.PlanAsync(file, stored.GetValueOrDefault(file.FileId),
                () => FileBlockStore.LoadAsync(context.Warehouse, file.FileId, cancellationToken), cancellationToken);
            if (plan.Mode == IngestMode.Unchanged) totals.FilesUnchanged++;
            else plans.Add(plan);
        }

        var extractor = new FileExtractor(options.BatchSize, ChunkBytes, options.MaxLineBytes, options.DryRun ? null : context.RunId);
        // Discovery decides after this pass; until then, what the pass commits can be taken back (a NO-GO).
        if (pendingDiscovery is { } pending && !options.Force && !options.DryRun && plans.Count > 0)
            pending.Undo = await ExtractionUndo.PrepareAsync(context.RequireWarehouse(), plans, cancellationToken);

        using var progress = context.Progress.BeginStage(Number, Name, plans.Sum(p => p.File.SizeBytes - p.StartOffset), "bytes");
        // Largest first, so one big file does not start last and leave a core idle at the end.
        var queue = new ConcurrentQueue<FileIngestPlan>(plans.OrderByDescending(p => p.File.SizeBytes - p.StartOffset));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int laneCount = Math.Clamp(plans.Count, 1, Math.Max(1, options.ReadParallelism));
        var warehouse = options.DryRun ? null : context.RequireWarehouse();
        using var checkpoints = warehouse is null ? null : new LaneCheckpoints(warehouse, laneCount, CheckpointWalBytes);
        var lanes = Enumerable.Range(0, laneCount)
            .Select(_ => new ExtractionLane(extractor, requests, context.RunId, options.BatchSize, TransactionBytes, checkpoints))
            .ToList();
        // Each lane's own thread runs its statements: DuckDB's worker threads would only add a thread per core
        // spinning for tasks beside them (ExecuteTask polling its queue was about 8% of stage 1's samples).
        var oneThread = warehouse is null || laneCount < 2 ? null : await SettingOverrides.ApplyAsync(warehouse, [("threads", 1)], cancellationToken);
        // No row groups merged by the lanes' checkpoints (LaneCheckpoints). Each checkpoint leaves every table's last
        // row group partly filled, and with merging on the next checkpoint decompressed and compressed it again, raw
        // archive included: on the heavy corpus (2.3 GB, 8,192-row groups of up to ~90 MB of lines) stage 1 took
        // 50.5-52.0 s with merging, 38.0-39.8 s without, 43.5 s with the one merge below (issue 12, round 11); the seed
        // corpus ran the same either way.
        var noMerging = warehouse is null ? null : await SettingOverrides.ApplyAsync(warehouse, [("max_vacuum_tasks", 0)], cancellationToken);
        bool written = false;
        try
        {
            await Task.WhenAll(lanes.Select(lane => lane.RunAsync(warehouse, queue, progress, linked)));
            if (noMerging is not null && plans.Count > 0)
            {
                // The row groups the lanes left partly filled are merged once, here, while DuckDB still has one thread
                // (when two or more lanes ran): a merge holds its merged groups in memory, and with two threads stage
                // 1's peak RSS on the heavy corpus was 812 MB against 648 MB with one.
                await noMerging.RestoreAsync(afterFailure: false);
                await warehouse!.CheckpointAsync(cancellationToken, minimumWalBytes: 0);
            }
            written = true;
        }
        finally
        {
            foreach (var lane in lanes) totals.Add(lane.Totals);
            if (noMerging is not null) await noMerging.RestoreAsync(afterFailure: !written);
            if (oneThread is not null) await oneThread.RestoreAsync(afterFailure: !written);
        }

        totals.FilesProfiled = requests?.Finished.Count ?? 0;
        if (profilesToStore && !options.DryRun && totals.FilesProfiled > 0)
        {
            var profiled = discovery.Files.Where(f => requests!.Finished.ContainsKey(f.FileId)).ToList();
            var json = requests!.Finished.ToDictionary(p => p.Key, p => p.Value.ToJson(), StringComparer.Ordinal);
            await FileStateStore.SaveInventoryAsync(context.RequireWarehouse(), context.RunId, profiled, json, cancellationToken);
        }
        // A file that could not be read (permissions) may become readable without its mtime changing, and a deferred
        // document becomes a dead letter once it is old enough: either is read again even if nothing changed.
        if (inputs is not null && handOff?.InventorySignature is { } seen && totals.FilesFailed == 0 && totals.DocumentsDeferred == 0)
            await inputs.RememberAsync(seen, context.RunId, cancellationToken);
        return Outcome(totals, plans, inventoryUnchanged);
    }

    private static StageOutcome Outcome(ExtractionTotals totals, List<FileIngestPlan> plans, bool inventoryUnchanged)
    {
        totals.LinesRead = totals.Records + totals.DeadLetters + totals.BlankLines;
        var fileErrors = totals.FileErrors.Take(20).ToList();
        var metrics = new JsonObject
        {
            ["inputs_unchanged"] = inventoryUnchanged,
            ["files_planned"] = plans.Count,
            ["files_unchanged"] = totals.FilesUnchanged,
            ["files_appended"] = totals.FilesAppended,
            ["files_replaced"] = totals.FilesReplaced,
            ["files_failed"] = totals.FilesFailed,
            ["documents_deferred"] = totals.DocumentsDeferred,
            ["lines_read"] = totals.LinesRead,
            ["records"] = totals.Records,
            ["dead_letters"] = totals.DeadLetters,
            ["blank_lines"] = totals.BlankLines,
            ["content_blocks"] = totals.ContentBlocks,
            ["partial_tails"] = totals.PartialTails,
            ["partial_tail_bytes"] = totals.PartialTailBytes,
            ["bytes_read"] = totals.BytesRead,
            ["file_bytes_read"] = totals.FileBytesRead,
            ["files_profiled"] = totals.FilesProfiled,
            ["transactions"] = totals.Transactions,
            ["secrets_redacted"] = totals.SecretsRedacted,
            ["rows_redacted_again"] = totals.RowsReRedacted,
            ["dead_letter_reasons"] = MetricCounts.ToJson(totals.DeadLetterReasons),
            ["records_classified"] = totals.Classified.Classified,
            ["kinds_classified"] = MetricCounts.ToJson(totals.Classified.Kinds),
            ["secrets_redacted_in_typed_tool_results"] = totals.Classified.SecretsRedacted,
            ["file_errors"] = new JsonArray(fileErrors.Select(e => (JsonNode?)e).ToArray()),
        };
        return new StageOutcome(StageStatus.Succeeded, totals.LinesRead, totals.Records, totals.DeadLetters + totals.FilesFailed, metrics)
        {
            FilesFailed = totals.FilesFailed,
            FileErrors = fileErrors,
        };
    }
}
