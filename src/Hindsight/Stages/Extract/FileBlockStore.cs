using DuckDB.NET.Data;

namespace Hindsight.Stages.Extract;

/// <summary>Reads the block fingerprints of one file's ingested range (table <c>file_blocks</c>).</summary>
public static class FileBlockStore
{
    public static async Task<IReadOnlyList<BlockFingerprint>> LoadAsync(Warehouse.Warehouse? warehouse, string fileId, CancellationToken cancellationToken)
    {
        if (warehouse is null) return [];
        // A warehouse opened read-only (a dry run, `check`) is not migrated: one from before block fingerprints has none.
        if (warehouse.IsReadOnly && !await ExistsAsync(warehouse, cancellationToken)) return [];
        return await warehouse.Session.ReadAsync("SELECT block_index, end_offset, hash FROM file_blocks WHERE file_id = $file ORDER BY block_index",
            row => new BlockFingerprint(row.GetInt64("block_index"), row.GetInt64("end_offset"), row.GetString("hash")), cancellationToken,
            new DuckDBParameter("file", fileId));
    }

    private static async Task<bool> ExistsAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken) =>
        Convert.ToInt64(await warehouse.ScalarAsync("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'file_blocks'", cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture) > 0;
}
