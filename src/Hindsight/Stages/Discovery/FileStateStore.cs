using DuckDB.NET.Data;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discovery;

/// <summary>Reads and writes the <c>files</c> table: the inventory (stage 0) and ingest positions (stage 1).</summary>
public static class FileStateStore
{
    public static async Task<Dictionary<string, StoredFileState>> LoadAsync(Warehouse.Warehouse? warehouse, bool withProfiles, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, StoredFileState>(StringComparer.Ordinal);
        if (warehouse is null) return states;
        using var command = warehouse.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT file_id, size_bytes, mtime, profiled_size, profiled_mtime, {(withProfiles ? "profile_json" : "NULL")},
                   ingested_size, ingested_mtime, ingested_offset, ingested_lines, head_sha256, boundary_sha256, generation
            FROM files
            """;
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = new StoredFileState(
                reader.GetString(0), reader.GetInt64(1), Warehouse.DuckDbValues.ToUtc(reader.GetValue(2)),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), Warehouse.DuckDbValues.ToUtcOrNull(reader.GetValue(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6), Warehouse.DuckDbValues.ToUtcOrNull(reader.GetValue(7)),
                reader.GetInt64(8), reader.GetInt64(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.GetInt32(12));
            states[state.FileId] = state;
        }
        return states;
    }

    /// <summary>
    /// Upserts the inventory of every discovered file in one transaction, leaving ingest positions
    /// untouched (they belong to extraction).
    /// </summary>
    public static async Task SaveInventoryAsync(
        Warehouse.Warehouse warehouse, Guid runId, IReadOnlyList<DiscoveredFile> files,
        IReadOnlyDictionary<string, string> profileJsonByFileId, CancellationToken cancellationToken)
    {
        var connection = warehouse.Connection;
        using var transaction = connection.BeginTransaction();
        // The profiles this writes, and the kept sum of every stored profile's inventory updated for them (InventoryTotals).
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (profileJsonByFileId.TryGetValue(file.FileId, out var json)) written[file.FileId] = json;
        }
        var inventory = written.Count == 0 ? null : await InventoryTotals.UpdatedAsync(warehouse, written, cancellationToken);
        await warehouse.ExecuteAsync("""
            CREATE OR REPLACE TEMP TABLE discovered_files (
                file_id VARCHAR, path VARCHAR, source_root VARCHAR, relative_path VARCHAR, project VARCHAR,
                kind VARCHAR, size_bytes BIGINT, mtime TIMESTAMPTZ, profile_json VARCHAR)
            """, cancellationToken);
        using (var appender = connection.CreateAppender("discovered_files"))
        {
            foreach (var file in files)
            {
                var row = appender.CreateRow()
                    .AppendValue(file.FileId).AppendValue(file.Path).AppendValue(file.SourceRoot).AppendValue(file.RelativePath)
                    .AppendValue(file.Project).AppendValue(file.Kind.ToName()).AppendValue(file.SizeBytes).AppendValue(file.ModifiedUtc);
                if (profileJsonByFileId.TryGetValue(file.FileId, out var json)) row.AppendValue(json); else row.AppendNullValue();
                row.EndRow();
            }
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
