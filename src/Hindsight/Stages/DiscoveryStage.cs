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
/// have not changed since it was profiled is not read again.
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
                        && JsonSerializer.Deserialize<FileProfile>(state.ProfileJson) is { } reused)
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
        var decision = GoNoGoDecision.Decide(summary.TranscriptFiles, totals.Records, summary.FilesWithErrors, totals.RecordTypes);
        var manifest = DiscoveryManifest.Build(context.RunId, discovery.Roots, summary, decision, discovery.Warnings);

        if (!options.DryRun)
        {
            // Only files that are new or changed are written: an unchanged corpus leaves the inventory untouched.
            var changed = discovery.Files.Where(f => !stored.TryGetValue(f.FileId, out var state)
                || state.SizeBytes != f.SizeBytes || state.Mtime != f.ModifiedUtc || profiles.TryGetValue(f.FileId, out var p) && p.Fresh).ToList();
            if (changed.Count > 0)
                await FileStateStore.SaveInventoryAsync(context.RequireWarehouse(), context.RunId, changed, profileJson, cancellationToken);
            await DiscoveryManifest.WriteAtomicallyAsync(manifest, options.ManifestPath, cancellationToken);
        }
        if (decision.Halts)
        {
            context.HaltReason = decision.Text;
        }

        var metrics = new JsonObject
        {
            ["decision"] = decision.Verdict,
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
            ["record_types"] = JsonSerializer.SerializeToNode(totals.RecordTypes),
            ["tool_names"] = totals.ToolNames.Count,
            ["earliest"] = totals.FirstTimestamp?.ToString("O"),
            ["latest"] = totals.LastTimestamp?.ToString("O"),
            ["manifest"] = options.DryRun ? null : Path.GetFullPath(options.ManifestPath),
            ["sources"] = new JsonArray(discovery.Roots.Select(r => (JsonNode?)r).ToArray()),
            ["warnings"] = new JsonArray(discovery.Warnings.Select(w => (JsonNode?)w).ToArray()),
        };
        return new StageOutcome(StageStatus.Succeeded, discovery.Files.Count, summary.TranscriptFiles, summary.FilesWithErrors, metrics);
    }
}
