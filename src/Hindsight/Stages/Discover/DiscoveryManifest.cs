using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hindsight.Stages.Discover;

/// <summary>
/// The Stage 0 manifest: the decision, totals, the field inventory and one entry per file. Written to
/// a temporary file and renamed, so a reader never sees half a manifest.
/// </summary>
public static class DiscoveryManifest
{
    /// <summary>2.1: the generator marker, the rule that decided (decision_rule, decision_basis) and forced.</summary>
    public const string Version = "2.1";

    public static JsonObject Build(Guid runId, IReadOnlyList<string> roots, DiscoverySummary summary, GoNoGoDecision decision, IReadOnlyList<string> warnings, bool forced = false)
    {
        var t = summary.Totals;
        var files = new JsonArray();
        foreach (var (file, profile) in summary.Analyzed)
        {
            // JsonArray.Add(JsonNode), not Add<T>, which needs reflection (Native AOT).
            files.Add((JsonNode)new JsonObject
            {
                ["file_path"] = file.Path,
                ["project"] = file.Project,
                ["kind"] = Sources.ClaudeCode.TranscriptFileKindNames.ToName(file.Kind),
                ["file_size_bytes"] = file.SizeBytes,
                ["lines"] = profile.Lines,
                ["records"] = profile.Records,
                ["dead_letters"] = profile.DeadLetters,
                ["partial_tail_bytes"] = profile.PartialTailBytes,
                ["record_types"] = Sorted(profile.RecordTypes),
                ["versions"] = new JsonArray(profile.Versions.Keys.Order(StringComparer.Ordinal).Select(v => (JsonNode?)v).ToArray()),
                ["first_timestamp"] = profile.FirstTimestamp?.ToString("O"),
                ["last_timestamp"] = profile.LastTimestamp?.ToString("O"),
                ["errors"] = new JsonArray(profile.SampleErrors.Select(e => (JsonNode?)e).Concat(profile.Error is null ? [] : [profile.Error]).ToArray()),
            });
        }
        var projects = new JsonObject();
        foreach (var (name, (count, records)) in summary.Projects.OrderBy(p => p.Key, StringComparer.Ordinal))
            projects[name] = new JsonObject { ["files"] = count, ["records"] = records };

        return new JsonObject
        {
            // First, so that a later run recognises the file as its own from its first bytes (ManifestOwnership).
            [ManifestOwnership.GeneratorField] = ManifestOwnership.GeneratorName,
            ["manifest_version"] = Version,
            ["run_id"] = runId.ToString(),
            ["assessment_timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["source"] = new JsonObject
            {
                ["paths"] = new JsonArray(roots.Select(r => (JsonNode?)r).ToArray()),
                ["format"] = "jsonl",
                ["encoding"] = "utf-8",
            },
            ["go_no_go"] = decision.Text,
            ["decision"] = decision.Verdict.ToName(),
            ["decision_rule"] = decision.Rule,
            ["decision_basis"] = decision.Basis(),
            ["forced"] = forced,
            ["recommendations"] = new JsonArray(decision.Recommendations.Select(r => (JsonNode?)r).ToArray()),
            ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)w).ToArray()),
            ["discovery"] = new JsonObject
            {
                ["files_discovered"] = summary.FilesByKind.Values.Sum(),
                ["files_by_kind"] = Sorted(summary.FilesByKind),
                ["files_processed"] = summary.TranscriptFiles,
                ["files_with_errors"] = summary.FilesWithErrors,
                ["bytes"] = summary.Bytes,
                ["lines"] = t.Lines,
                ["records"] = t.Records,
                ["dead_letters"] = t.DeadLetters,
                ["dead_letter_reasons"] = Sorted(t.DeadLetterReasons),
                ["partial_tail_bytes"] = t.PartialTailBytes,
                ["record_types"] = Sorted(t.RecordTypes),
                ["record_subtypes"] = Sorted(t.RecordSubtypes),
                ["content_block_types"] = Sorted(t.BlockTypes),
                ["tool_names"] = Sorted(t.ToolNames),
                ["models"] = Sorted(t.Models),
                ["versions"] = Sorted(t.Versions),
                ["date_range"] = new JsonObject
                {
                    ["earliest"] = t.FirstTimestamp?.ToString("O"),
                    ["latest"] = t.LastTimestamp?.ToString("O"),
                },
                ["projects"] = projects,
                ["structure"] = new JsonObject
                {
                    ["fields_top_level"] = Sorted(t.TopLevelFields),
                    ["fields_nested"] = Sorted(t.NestedFields),
                    ["field_paths_dropped"] = t.FieldPathsDropped,
                },
                ["files_analyzed"] = files,
            },
            ["drift"] = Drift(summary),
        };
    }

    /// <summary>
    /// Fails now, as writing would later, when the manifest cannot be written where it goes (its path is a folder, or
    /// its folder cannot be written): in `run` the manifest is written after extraction's pass, which should not run for
    /// nothing.
    /// </summary>
    public static void EnsureWritable(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (Directory.Exists(full)) throw new IOException($"cannot write the manifest to {full}: it is a folder");
        var probe = $"{full}.{Environment.ProcessId}.tmp";
        using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
    }

    public static async Task WriteAtomicallyAsync(JsonObject manifest, string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
                {
                    Indented = true,
                    // Paths and messages stay readable: apostrophes and '+' are not escaped.
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                });
                manifest.WriteTo(writer);
                await writer.FlushAsync(cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Record types, subtypes and top-level fields Hindsight does not know, with versions and dates (also `hindsight drift`).</summary>
    private static JsonObject Drift(DiscoverySummary summary)
    {
        var drift = new FormatDrift();
        foreach (var (_, profile) in summary.Analyzed) drift.Add(profile);
        return drift.ToJson();
    }

    private static JsonObject Sorted(Dictionary<string, long> counts)
    {
        var result = new JsonObject();
        foreach (var (key, value) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
            result[key] = value;
        return result;
    }
}
