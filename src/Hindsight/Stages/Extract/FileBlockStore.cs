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
        return await warehouse.Session.ReadAsync(ExtractSql.FileBlocks,
            row => new BlockFingerprint(row.GetInt64("block_index"), row.GetInt64("end_offset"), row.GetString("hash")), cancellationToken,
            new DuckDBParameter("file", fileId));
    }

    private static async Task<bool> ExistsAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken) =>
        Convert.ToInt64(await warehouse.ScalarAsync(ExtractSql.FileBlocksExists, cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture) > 0;
}
