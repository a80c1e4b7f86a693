using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Hindsight.Runs;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Stage 0: finds every file, profiles every line of every transcript (never a sample), decides
/// GO / CAUTION / NO-GO, and writes the manifest and the file inventory. A file whose size and mtime
/// have not changed since it was profiled is not read again; when no file has changed at all (the same
/// paths, sizes and mtimes) and the manifest is the one this warehouse last wrote, the last profile stands
/// and nothing is loaded or written. In `run`, the changed files are not read here: extraction's readers profile
/// them as they extract them (one read and one parse per line), and this stage is decided after that pass
/// (<see cref="CompleteAsync"/>); a NO-GO then takes the pass back before the run goes on.
/// </summary>
public sealed class DiscoveryStage : IStage
{
    public int Number => 0;
    public string Name => "discovery";

    /// <summary>Discovery on its own (no extraction follows in this run): it reads every changed file itself and decides.</summary>
    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken) =>
        (await StartAsync(context, extractionFollows: false, cancellationToken)).Outcome;

    /// <summary>
    /// Finds the files and decides, or, when <paramref name="extractionFollows"/> and some file changed, leaves the
    /// reading of changed files to extraction's pass (<see cref="DiscoveryStart.AwaitsPass"/>) and decides after it.
    /// </summary>
    public async Task<DiscoveryStart> StartAsync(StageContext context, bool extractionFollows, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var discovery = Hindsight.Sources.TranscriptSources.Discover(options.Sources, options.AgentSources, cancellationToken);
        var handOff = new DiscoveryHandOff(discovery, FilesSignature(discovery, options), Pending: null);

        var inputs = options.DryRun || context.Warehouse is null ? null : new StageInputs(context.Warehouse, Number);
        if (inputs is not null)
        {
            if (await inputs.UnchangedSinceLastRunAsync(DecisionSignature(handOff.InventorySignature, options), cancellationToken)
                && await DiscoveryVerdict.LoadAsync(context.Warehouse!, cancellationToken) is { } verdict
                && await LastProfileAsync(context.Warehouse!, cancellationToken) is { } last)
                return new DiscoveryStart(Revived(last, verdict, options.Force), handOff);
            await inputs.ForgetAsync(cancellationToken);
        }

        var stored = await FileStateStore.LoadAsync(context.Warehouse, withProfiles: true, cancellationToken);
        var profiles = new ConcurrentDictionary<string, (FileProfile Profile, bool Fresh)>(StringComparer.Ordinal);
        var requests = new ProfileRequests();
        var toRead = new List<DiscoveredFile>();
        foreach (var file in discovery.Files.Where(f => f.Kind.IsTranscript()))
        {
            var state = stored.GetValueOrDefault(file.FileId);
            if (ProfileRequests.Reusable(file, state) is { } reused) profiles[file.FileId] = (reused, false);
            else if (extractionFollows) requests.Want(file, state);
            else toRead.Add(file);
        }
        var pending = new PendingDiscovery { Discovery = discovery, FilesSignature = handOff.InventorySignature, Stored = stored, Profiles = profiles, Requests = requests, Inputs = inputs };
        pending.BytesRead += await ProfileAsync(toRead, profiles, context, announce: true, cancellationToken);

        if (requests.Count == 0) return new DiscoveryStart(await DecideAsync(context, pending, cancellationToken), handOff);
        // Extraction stores read positions in the inventory's rows: they must exist before its pass.
        if (!options.DryRun)
        {
            if (ManifestOwnership.MayWrite(options.ManifestPath)) DiscoveryManifest.EnsureWritable(options.ManifestPath);
            await FileStateStore.SaveInventoryAsync(context.RequireWarehouse(), context.RunId, ChangedFiles(pending), new Dictionary<string, string>(), cancellationToken);
        }
        return new DiscoveryStart(new StageOutcome(StageStatus.Succeeded, 0, 0, 0, new JsonObject { ["summary"] = "decided after extraction's pass" }),
            handOff with { Pending = pending });
    }

    /// <summary>
    /// The outcome of the discovery that last profiled this unchanged inventory, shown again as this run's, with the
    /// verdict it decided acted on again (a NO-GO halts, or is forced past).
    /// </summary>
    private static StageOutcome Revived(StageOutcome last, DiscoveryVerdict verdict, bool force)
    {
        // The earlier run's metrics are shown again as output (the counts it found); nothing is decided from them.
        last.Metrics["files_profiled"] = 0;
        last.Metrics["files_unchanged"] = last.ItemsOut;
        last.Metrics["files_profiled_by_extraction"] = 0;
        last.Metrics["bytes_read"] = 0;
        last.Metrics["inputs_unchanged"] = true;
        last.Metrics["summary"] = "no file changed since the last profile: it and its manifest stand";
        return WithConsequence(last with { RecordsFound = verdict.Records, Warnings = verdict.Warnings },
            DiscoveryVerdict.ConsequenceOf(verdict.Halts, verdict.Text, force));
    }

    /// <summary>
    /// Takes the profiles extraction's readers handed back, reads the files they could not profile (unchanged since
    /// their ingest, or grown without a stored profile of their ingested lines), and decides; a NO-GO without --force
    /// takes the pass's writes back.
    /// </summary>
    public async Task<StageOutcome> CompleteAsync(StageContext context, PendingDiscovery pending, CancellationToken cancellationToken)
    {
        foreach (var (fileId, profile) in pending.Requests.Finished) pending.Profiles[fileId] = (profile, true);
        var missing = pending.Requests.Missing.ToHashSet(StringComparer.Ordinal);
        var toRead = pending.Discovery.Files.Where(f => missing.Contains(f.FileId)).ToList();
        pending.BytesRead += await ProfileAsync(toRead, pending.Profiles, context, announce: false, cancellationToken);

        var outcome = await DecideAsync(context, pending, cancellationToken);
        outcome.Metrics["files_profiled_by_extraction"] = pending.Requests.Finished.Count;
        if (pending.Undo is { } undo)
        {
            if (outcome.HaltReason is not null)
            {
                await undo.UndoAsync(cancellationToken);
                outcome.Metrics["extraction_undone"] = true;
            }
            else
            {
                await undo.DiscardAsync(cancellationToken);
            }
        }
        return outcome;
    }

    /// <summary>Profiles files by reading them here, in parallel; returns the bytes read.</summary>
    private async Task<long> ProfileAsync(IReadOnlyList<DiscoveredFile> files, ConcurrentDictionary<string, (FileProfile Profile, bool Fresh)> profiles,
        StageContext context, bool announce, CancellationToken cancellationToken)
    {
        if (files.Count == 0 && !announce) return 0;
        long bytes = files.Sum(f => f.SizeBytes);
        using var progress = context.Progress.BeginStage(Number, Name, bytes, "bytes");
        await Parallel.ForEachAsync(files,
            new ParallelOptions { MaxDegreeOfParallelism = context.Options.ReadParallelism, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                profiles[file.FileId] = (await FileProfiler.ProfileAsync(file, context.Options.MaxLineBytes, ct), true);
                progress.Advance(file.SizeBytes);
            });
        return bytes;
    }

    /// <summary>Only files that are new or changed are written: an unchanged corpus leaves the inventory untouched.</summary>
    private static List<DiscoveredFile> ChangedFiles(PendingDiscovery pending) =>
        pending.Discovery.Files.Where(f => !pending.Stored.TryGetValue(f.FileId, out var state)
            || state.SizeBytes != f.SizeBytes || state.Mtime != f.ModifiedUtc
            || pending.Profiles.TryGetValue(f.FileId, out var p) && p.Fresh).ToList();

    private async Task<StageOutcome> DecideAsync(StageContext context, PendingDiscovery pending, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var (discovery, stored, profiles, inputs) = (pending.Discovery, pending.Stored, pending.Profiles, pending.Inputs);
        // Reused profiles are summaries (ProfileRequests.Reusable). Where this run stores its profiles, the inventory's
        // totals come from the sum kept over every stored profile; otherwise (a dry run) from each profile read whole.
        bool keptInventory = !options.DryRun && context.Warehouse is not null;
        var summary = new DiscoverySummary();
        var profileJson = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in discovery.Files)
        {
            summary.AddFile(file);
            if (!profiles.TryGetValue(file.FileId, out var entry)) continue;
            var json = entry.Fresh ? entry.Profile.ToJson() : stored[file.FileId].ProfileJson!;
            var profile = entry.Fresh || keptInventory ? entry.Profile : FileProfile.Read(json)!;
            summary.AddProfile(file, profile, withInventory: !keptInventory);
            if (entry.Fresh) summary.FilesProfiledNow++; else summary.FilesReused++;
            profileJson[file.FileId] = json;
        }

        var totals = summary.Totals;
        var decision = GoNoGoDecision.Decide(summary.Analyzed.Select(a => FileReadability.Of(a.File.Path, a.Profile, a.File.Agent)).ToList(), totals.RecordTypes);
        bool forced = decision.Halts && options.Force;
        var warnings = discovery.Warnings.ToList();
        bool manifestWritten = false;

        if (!options.DryRun)
        {
            var changed = ChangedFiles(pending);
            if (changed.Count > 0)
                await FileStateStore.SaveInventoryAsync(context.RequireWarehouse(), context.RunId, changed, profileJson, cancellationToken);
        }
        if (keptInventory)
            summary.AddInventory(await InventoryOfAsync(context.RequireWarehouse(), profiles, stored, profileJson, cancellationToken));
        var manifest = DiscoveryManifest.Build(context.RunId, discovery.Roots, summary, decision, discovery.Warnings, forced);

        if (!options.DryRun)
        {
            // Hindsight replaces only a manifest it wrote: a foreign file of that name is a warning, and the run goes on.
            if (ManifestOwnership.MayWrite(options.ManifestPath))
            {
                await DiscoveryManifest.WriteAtomicallyAsync(manifest, options.ManifestPath, cancellationToken);
                manifestWritten = true;
            }
            else
            {
                warnings.Add($"manifest not written: {Path.GetFullPath(options.ManifestPath)} exists and is not a Hindsight manifest, so it was left untouched; pass --manifest PATH to write it elsewhere");
            }
        }
        var metrics = new JsonObject
        {
            ["decision"] = decision.Verdict.ToName(),
            ["decision_rule"] = decision.Rule,
            ["decision_basis"] = decision.Basis(),
            ["go_no_go"] = decision.Text,
            ["recommendations"] = new JsonArray(decision.Recommendations.Select(r => (JsonNode?)r).ToArray()),
            ["files_discovered"] = discovery.Files.Count,
            ["transcript_files"] = summary.TranscriptFiles,
            ["files_profiled"] = summary.FilesProfiledNow,
            ["files_unchanged"] = summary.FilesReused,
            ["files_profiled_by_extraction"] = 0,
            ["files_with_errors"] = summary.FilesWithErrors,
            ["bytes"] = summary.Bytes,
            ["bytes_read"] = pending.BytesRead,
            ["lines"] = totals.Lines,
            ["records"] = totals.Records,
            ["dead_letters"] = totals.DeadLetters,
            ["record_types"] = MetricCounts.ToJson(totals.RecordTypes),
            ["tool_names"] = totals.ToolNames.Count,
            ["earliest"] = totals.FirstTimestamp?.ToString("O"),
            ["latest"] = totals.LastTimestamp?.ToString("O"),
            ["manifest"] = manifestWritten ? Path.GetFullPath(options.ManifestPath) : null,
            ["sources"] = new JsonArray(discovery.Roots.Select(r => (JsonNode?)r).ToArray()),
            ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)w).ToArray()),
            ["format_drift"] = manifest["drift"]?["unknown"]?.AsArray().Count ?? 0,
        };
        var outcome = WithConsequence(
            new StageOutcome(StageStatus.Succeeded, discovery.Files.Count, summary.TranscriptFiles, summary.FilesWithErrors, metrics)
            {
                RecordsFound = totals.Records,
                Warnings = warnings,
            },
            DiscoveryVerdict.ConsequenceOf(decision.Halts, decision.Text, options.Force));
        if (!options.DryRun && inputs is not null)
        {
            // Kept for the next run over the same files, which acts on it without deciding again; then the fingerprint
            // that lets it, which must not claim a verdict that was not stored.
            await new DiscoveryVerdict(decision.Verdict, decision.Text, totals.Records, outcome.Warnings).SaveAsync(context.RequireWarehouse(), cancellationToken);
            await inputs.RememberAsync(DecisionSignature(pending.FilesSignature, options), context.RunId, cancellationToken);
        }
        return outcome;
    }

    /// <summary>
    /// The inventory's totals over this run's profiles, once they are stored: the sum kept over every stored profile
    /// (<see cref="InventoryTotals"/>), less the stored profiles of files this run did not find (another source folder,
    /// a file deleted since). Should the kept sum not hold one of those, every profile of this run is read whole instead.
    /// </summary>
    private static async Task<FileProfile> InventoryOfAsync(Warehouse.Warehouse warehouse, ConcurrentDictionary<string, (FileProfile Profile, bool Fresh)> profiles,
        Dictionary<string, StoredFileState> stored, Dictionary<string, string> profileJson, CancellationToken cancellationToken)
    {
        var inventory = await InventoryTotals.CurrentAsync(warehouse, cancellationToken);
        foreach (var (fileId, state) in stored)
        {
            if (state.ProfileJson is null || profiles.ContainsKey(fileId)) continue;
            if (FileProfile.Read(state.ProfileJson) is { } other && inventory.SubtractInventory(other)) continue;
            inventory = new FileProfile();
            foreach (var json in profileJson.Values) inventory.AddInventory(FileProfile.Read(json)!);
            break;
        }
        return inventory;
    }

    /// <summary>
    /// A NO-GO halts the run, unless --force was given: then the run goes on, and the warning is kept in the stage's
    /// warnings (and metrics) and in the run's record.
    /// </summary>
    private static StageOutcome WithConsequence(StageOutcome outcome, VerdictConsequence consequence)
    {
        if (consequence.RunWarning is not { } warning) return outcome with { HaltReason = consequence.HaltReason };
        outcome.Metrics["forced"] = true;
        var warnings = outcome.Warnings.Append(warning).ToList();
        outcome.Metrics["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)w).ToArray());
        return outcome with { RunWarning = warning, Warnings = warnings };
    }

    /// <summary>
    /// What the files' profiles and ingest depend on: the program's version (profiling, the decision and the manifest's
    /// shape), the source roots and the walk's warnings, every discovered file's path, root, project, kind, size and
    /// mtime, and the line cap. Extraction skips its planning when it last saw the same.
    /// </summary>
    private static string FilesSignature(Sources.ClaudeCode.DiscoveryResult discovery, PipelineOptions options)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string part) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes(part + "\n"));
        Add(ProgramVersion);
        Add($"manifest {DiscoveryManifest.Version}");
        foreach (var root in discovery.Roots) Add($"root {root}");
        foreach (var warning in discovery.Warnings) Add($"warning {warning}");
        foreach (var file in discovery.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
            Add($"{file.Path}\t{file.SourceRoot}\t{file.Project}\t{file.Kind.ToName()}\t{file.SizeBytes}\t{file.ModifiedUtc.UtcTicks}");
        Add($"max_line_bytes={options.MaxLineBytes}");
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// What the decision depends on: the files (<see cref="FilesSignature"/>) and the manifest file as last written (its
    /// size and mtime), so a manifest that was removed or overwritten by another warehouse's run is written again.
    /// </summary>
    private static string DecisionSignature(string filesSignature, PipelineOptions options)
    {
        var manifest = new FileInfo(Path.GetFullPath(options.ManifestPath));
        var written = manifest.Exists ? $"manifest={manifest.FullName}\t{manifest.Length}\t{manifest.LastWriteTimeUtc.Ticks}" : "no manifest";
        return filesSignature + "|" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(written)));
    }

    private static readonly string ProgramVersion = System.Reflection.CustomAttributeExtensions
        .GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(DiscoveryStage).Assembly)?.InformationalVersion ?? "unknown";


    /// <summary>
    /// The outcome of the discovery that last profiled this inventory, as its run recorded it: shown again as this run's
    /// (the same counts, the same metrics). Only shown: what the run acts on is the kept <see cref="DiscoveryVerdict"/>.
    /// </summary>
    private static async Task<StageOutcome?> LastProfileAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken)
    {
        return await warehouse.Session.ReadFirstAsync(DiscoverSql.LastProfile,
            row => row.GetStringOrNull("metrics_json") is { } json && JsonNode.Parse(json) is JsonObject metrics
                ? new StageOutcome(StageStatus.Succeeded, row.GetInt64("items_in"), row.GetInt64("items_out"), row.GetInt64("items_failed"), metrics)
                : null,
            cancellationToken, new DuckDBParameter("succeeded", StageStatus.Succeeded.ToName()));
    }
}
