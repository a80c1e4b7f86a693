using DuckDB.NET.Data;
using Hindsight.Sources;
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
        await foreach (var row in warehouse.Session.StreamAsync(DiscoverSql.LoadFileStates(withProfiles), cancellationToken))
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
        .Text("profile_json", r => r.ProfileJson)
        .Text("agent", r => r.File.Agent.ToName());

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
        await warehouse.ExecuteAsync(DiscoverSql.UpsertDiscoveredFiles, cancellationToken, new DuckDBParameter("run", runId));
        await warehouse.ExecuteAsync(DiscoverSql.DropDiscoveredFiles, cancellationToken);
        if (inventory is not null) await InventoryTotals.KeepAsync(warehouse, inventory, cancellationToken);
        transaction.Commit();
    }
}
