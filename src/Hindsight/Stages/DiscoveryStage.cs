using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Runs;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discovery;

namespace Hindsight.Stages;

/// <summary>
/// Stage 0: finds every file, profiles every line of every transcript (never a sample), decides
/// GO / CAUTION / NO-GO, and writes the manifest and the file inventory. A file whose size and mtime
/// have not changed since it was profiled is not read again; when no file has changed at all (the same
/// paths, sizes and mtimes) and the manifest is the one this warehouse last wrote, the last profile stands
/// and nothing is loaded or written.
/// </summary>
public sealed class DiscoveryStage : IStage
{
    public int Number => 0;
    public string Name => "discovery";

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var discovery = TranscriptDiscovery.Discover(options.Sources, cancellationToken);
        context.Discovery = discovery;

        var inputs = options.DryRun || context.Warehouse is null ? null : new StageInputs(context.Warehouse, Number);
        if (inputs is not null)
        {
            context.InventorySignature = InventorySignature(discovery, options);
            if (await inputs.UnchangedSinceLastRunAsync(context.InventorySignature, cancellationToken)
                && await LastProfileAsync(context.Warehouse!, cancellationToken) is { } last)
            {
                if (last.Metrics["decision"]?.GetValue<string>() == GoNoGoDecision.NoGo)
                    HaltOrForce(context, last.Metrics["go_no_go"]?.GetValue<string>() ?? GoNoGoDecision.NoGo, last.Metrics);
                last.Metrics["files_profiled"] = 0;
                last.Metrics["files_unchanged"] = last.Metrics["transcript_files"]?.DeepClone();
                last.Metrics["inputs_unchanged"] = true;
                last.Metrics["summary"] = "no file changed since the last profile: it and its manifest stand";
                return last;
            }
            await inputs.ForgetAsync(cancellationToken);
        }

        var stored = await FileStateStore.LoadAsync(context.Warehouse, withProfiles: true, cancellationToken);
        var transcripts = discovery.Files.Where(f => f.Kind.IsTranscript()).ToList();
        var profiles = new ConcurrentDictionary<string, (FileProfile Profile, bool Fresh)>(StringComparer.Ordinal);

        using (var progress = context.Progress.BeginStage(Number, Name, transcripts.Sum(f => f.SizeBytes), "bytes"))
        {
            await Parallel.ForEachAsync(transcripts,
                new ParallelOptions { MaxDegreeOfParallelism = options.ReadParallelism, CancellationToken = cancellationToken },
                async (file, ct) =>
                {
                    if (stored.TryGetValue(file.FileId, out var state) && state.ProfileJson is not null
                        && state.ProfiledSize == file.SizeBytes && state.ProfiledMtime == file.ModifiedUtc
                        && JsonSerializer.Deserialize<FileProfile>(state.ProfileJson) is { ProfileFormat: FileProfile.CurrentProfileFormat } reused)
                    {
                        profiles[file.FileId] = (reused, false);
                    }
                    else
                    {
                        profiles[file.FileId] = (await FileProfiler.ProfileAsync(file, options.MaxLineBytes, ct), true);
                    }
                    progress.Advance(file.SizeBytes);
                });
        }

        var summary = new DiscoverySummary();
        var profileJson = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in discovery.Files)
        {
            summary.AddFile(file);
            if (!profiles.TryGetValue(file.FileId, out var entry)) continue;
            summary.AddProfile(file, entry.Profile);
            if (entry.Fresh) summary.FilesProfiledNow++; else summary.FilesReused++;
            profileJson[file.FileId] = entry.Fresh ? JsonSerializer.Serialize(entry.Profile) : stored[file.FileId].ProfileJson!;
        }

        var totals = summary.Totals;
        var decision = GoNoGoDecision.Decide(summary.Analyzed.Select(a => FileReadability.Of(a.File.Path, a.Profile)).ToList(), totals.RecordTypes);
        bool forced = decision.Halts && options.Force;
        var manifest = DiscoveryManifest.Build(context.RunId, discovery.Roots, summary, decision, discovery.Warnings, forced);
        var warnings = discovery.Warnings.ToList();
        bool manifestWritten = false;

        if (!options.DryRun)
        {
            // Only files that are new or changed are written: an unchanged corpus leaves the inventory untouched.
            var changed = discovery.Files.Where(f => !stored.TryGetValue(f.FileId, out var state)
                || state.SizeBytes != f.SizeBytes || state.Mtime != f.ModifiedUtc || profiles.TryGetValue(f.FileId, out var p) && p.Fresh).ToList();
            if (changed.Count > 0)
                await FileStateStore.SaveInventoryAsync(context.RequireWarehouse(), context.RunId, changed, profileJson, cancellationToken);
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
            if (inputs is not null)
            {
                context.InventorySignature = InventorySignature(discovery, options);
                await inputs.RememberAsync(context.InventorySignature, context.RunId, cancellationToken);
            }
        }
        var metrics = new JsonObject
        {
            ["decision"] = decision.Verdict,
            ["decision_rule"] = decision.Rule,
            ["decision_basis"] = decision.Basis(),
            ["go_no_go"] = decision.Text,
            ["recommendations"] = new JsonArray(decision.Recommendations.Select(r => (JsonNode?)r).ToArray()),
            ["files_discovered"] = discovery.Files.Count,
            ["transcript_files"] = summary.TranscriptFiles,
            ["files_profiled"] = summary.FilesProfiledNow,
            ["files_unchanged"] = summary.FilesReused,
            ["files_with_errors"] = summary.FilesWithErrors,
            ["bytes"] = summary.Bytes,
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
        if (decision.Halts) HaltOrForce(context, decision.Text, metrics);
        return new StageOutcome(StageStatus.Succeeded, discovery.Files.Count, summary.TranscriptFiles, summary.FilesWithErrors, metrics);
    }

    /// <summary>
    /// A NO-GO halts the run, unless --force was given: then the run goes on, and the warning is kept in the stage's
    /// metrics and in the run's record.
    /// </summary>
    private static void HaltOrForce(StageContext context, string verdictText, JsonObject metrics)
    {
        if (!context.Options.Force)
        {
            context.HaltReason = verdictText;
            return;
        }
        var warning = $"forced past {verdictText} (--force): every readable line is ingested";
        context.RunWarning = warning;
        metrics["forced"] = true;
        if (metrics["warnings"] is JsonArray list) list.Add(warning);
        else metrics["warnings"] = new JsonArray(warning);
    }

    /// <summary>
    /// What the profile depends on: the program's version (profiling, the decision and the manifest's shape), the
    /// source roots and the walk's warnings, every discovered file's path, root, project, kind, size and mtime, the
    /// line cap, and the manifest file as last written (its size and mtime), so a manifest that was removed or
    /// overwritten by another warehouse's run is written again.
    /// </summary>
    private static string InventorySignature(Sources.ClaudeCode.DiscoveryResult discovery, PipelineOptions options)
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
        var manifest = new FileInfo(Path.GetFullPath(options.ManifestPath));
        Add(manifest.Exists ? $"manifest={manifest.FullName}\t{manifest.Length}\t{manifest.LastWriteTimeUtc.Ticks}" : "no manifest");
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static readonly string ProgramVersion = System.Reflection.CustomAttributeExtensions
        .GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(DiscoveryStage).Assembly)?.InformationalVersion ?? "unknown";

    /// <summary>The outcome of the discovery that last profiled this inventory, as its run recorded it.</summary>
    private static async Task<StageOutcome?> LastProfileAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken)
    {
        using var command = warehouse.Connection.CreateCommand();
        command.CommandText = """
            SELECT r.items_in, r.items_out, r.items_failed, r.metrics_json
            FROM stage_state s JOIN run_stages r ON r.run_id = s.run_id AND r.stage = s.stage
            WHERE s.stage = 0 AND r.status = 'succeeded'
            """;
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(3) || JsonNode.Parse(reader.GetString(3)) is not JsonObject metrics)
            return null;
        return new StageOutcome(StageStatus.Succeeded, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), metrics);
    }
}
