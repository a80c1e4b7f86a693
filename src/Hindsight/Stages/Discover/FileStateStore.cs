using DuckDB.NET.Data;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Discover;

/// <summary>Reads and writes the <c>files</c> table: the inventory (stage 0) and ingest positions (stage 1).</summary>
public static class FileStateStore
{
    public static async Task<Dictionary<string, StoredFileState>> LoadAsync(Warehouse.Warehouse? warehouse, bool withProfiles, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, StoredFileState>(StringComparer.Ordinal);
        if (warehouse is null) return states;
        var sql = $"""
            SELECT file_id, size_bytes, mtime, profiled_size, profiled_mtime, {(withProfiles ? "profile_json" : "NULL AS profile_json")},
                   ingested_size, ingested_mtime, ingested_offset, ingested_lines, head_sha256, boundary_sha256, generation
            FROM files
            """;
        await foreach (var row in warehouse.Session.StreamAsync(sql, cancellationToken))
        {
            var state = new StoredFileState(
                row.GetString("file_id"), row.GetInt64("size_bytes"), row.GetTimestamp("mtime"),
                row.GetInt64OrNull("profiled_size"), row.GetTimestampOrNull("profiled_mtime"),
                row.GetStringOrNull("profile_json"),
                row.GetInt64OrNull("ingested_size"), row.GetTimestampOrNull("ingested_mtime"),
                row.GetInt64("ingested_offset"), row.GetInt64("ingested_lines"),
                row.GetStringOrNull("head_sha256"),
                row.GetStringOrNull("boundary_sha256"),
                row.GetInt32("generation"));
            states[state.FileId] = state;
        }
        return states;
    }

    /// <summary>The files this discovery found (with the profile it wrote, if any), staged for one upsert into <c>files</c>.</summary>
    private static readonly TableLayout<(DiscoveredFile File, string? ProfileJson)> DiscoveredFiles = new TableLayout<(DiscoveredFile File, string? ProfileJson)>("discovered_files")
        .Text("file_id", r => r.File.FileId)
        .Text("path", r => r.File.Path)
        .Text("source_root", r => r.File.SourceRoot)
        .Text("relative_path", r => r.File.RelativePath)
        .Text("project", r => r.File.Project)
        .Text("kind", r => r.File.Kind.ToName())
        .BigInt("size_bytes", r => r.File.SizeBytes)
        .TimestampTz("mtime", r => r.File.ModifiedUtc)
        .Text("profile_json", r => r.ProfileJson);

    /// <summary>
    /// Upserts the inventory of every discovered file in one transaction, leaving ingest positions
    /// untouched (they belong to extraction).
    /// </summary>
    public static async Task SaveInventoryAsync(
        Warehouse.Warehouse warehouse, Guid runId, IReadOnlyList<DiscoveredFile> files,
        IReadOnlyDictionary<string, string> profileJsonByFileId, CancellationToken cancellationToken)
    {
        using var transaction = warehouse.Session.BeginTransaction();
        // The profiles this writes, and the kept sum of every stored profile's inventory updated for them (InventoryTotals).
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (profileJsonByFileId.TryGetValue(file.FileId, out var json)) written[file.FileId] = json;
        }
        var inventory = written.Count == 0 ? null : await InventoryTotals.UpdatedAsync(warehouse, written, cancellationToken);
        await warehouse.Session.ExecuteAsync(DiscoveredFiles.CreateTempTableSql, cancellationToken);
        using (var writer = warehouse.Session.Writer(DiscoveredFiles))
        {
            foreach (var file in files) writer.Append((file, profileJsonByFileId.GetValueOrDefault(file.FileId)));
        }
        await warehouse.ExecuteAsync("""
            INSERT INTO files (file_id, path, source_root, relative_path, project, kind, size_bytes, mtime,
                               profiled_size, profiled_mtime, profile_json, first_seen_run)
            SELECT file_id, path, source_root, relative_path, project, kind, size_bytes, mtime,
                   CASE WHEN profile_json IS NULL THEN NULL ELSE size_bytes END,
                   CASE WHEN profile_json IS NULL THEN NULL ELSE mtime END,
                   profile_json, $run
            FROM discovered_files
            ON CONFLICT (file_id) DO UPDATE SET
                path = excluded.path, source_root = excluded.source_root, relative_path = excluded.relative_path,
                project = excluded.project, kind = excluded.kind, size_bytes = excluded.size_bytes, mtime = excluded.mtime,
                profiled_size = coalesce(excluded.profiled_size, files.profiled_size),
                profiled_mtime = coalesce(excluded.profiled_mtime, files.profiled_mtime),
                profile_json = coalesce(excluded.profile_json, files.profile_json)
            """, cancellationToken, new DuckDBParameter("run", runId));
        await warehouse.ExecuteAsync("DROP TABLE discovered_files", cancellationToken);
        if (inventory is not null) await InventoryTotals.KeepAsync(warehouse, inventory, cancellationToken);
        transaction.Commit();
    }
}
