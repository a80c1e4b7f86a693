using DuckDB.NET.Data;
using Hindsight.Stages.Stage;
using Hindsight.Warehouse;

namespace Hindsight.Destinations.Parquet;

/// <summary>
/// <c>hindsight export parquet</c>: tables as ZSTD Parquet written by DuckDB's own COPY (it streams: memory is bounded
/// by the warehouse's memory limit, not by the table), Hive-partitioned by UTC event day
/// (<c>OUT/&lt;table&gt;/dt=YYYY-MM-DD/data_N.parquet</c>) or one file for a table without an event date
/// (<c>OUT/&lt;table&gt;/data.parquet</c>). Incremental: each partition's content hash is kept in
/// <c>parquet_exports</c>, and only partitions whose rows changed since the last export into the same folder (or whose
/// files are gone) are written again. New files are written in a staging folder beside the table's and renamed into place.
/// A sliced table (the staged view, whose joins do not fit the memory limit over the whole corpus) is hashed and
/// written a slice of files at a time, the slices of stage 5 (<see cref="StagedFiles"/>).
/// </summary>
public sealed class ParquetExporter(Warehouse.Warehouse warehouse)
{

    /// <summary>Staging folders start with this; one left by a killed export is removed by the next.</summary>
    public const string StagingPrefix = ".staging-";

    public const string WholeTableFile = "data.parquet";

    /// <summary>A sliced table's slices: stage 5's sizes, which stage the heavy benchmark corpus within 128 MB.</summary>
    private const long SliceEntities = 5_000;

    private const long SliceBytes = 64L << 20;

    public async Task<ParquetExportResult> ExportAsync(string outDir, IReadOnlyList<DestinationTable> tables, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(outDir);
        Directory.CreateDirectory(root);
        var exported = new List<ParquetTableExport>(tables.Count);
        foreach (var table in tables) exported.Add(await ExportTableAsync(root, table, cancellationToken));
        return new ParquetExportResult(root, exported);
    }

    public static string PartitionFolderName(string key) => "dt=" + key;

    private async Task<ParquetTableExport> ExportTableAsync(string root, DestinationTable table, CancellationToken cancellationToken)
    {
        var tableDir = Path.Combine(root, table.Name);
        Directory.CreateDirectory(tableDir);
        RemoveStaleStaging(tableDir);

        var slices = table.IsSliced ? await SlicesAsync(cancellationToken) : null;
        var current = await HashesAsync(table, slices, cancellationToken);
        var previous = (await warehouse.Session.ReadAsync(ParquetExportSql.Previous,
                r => (Key: r.GetString("partition_key"), Hash: r.GetString("content_hash")), cancellationToken,
                new DuckDBParameter("out_dir", root), new DuckDBParameter("table_name", table.Name)))
            .ToDictionary(p => p.Key, p => p.Hash, StringComparer.Ordinal);
        var changed = current
            .Where(c => !previous.TryGetValue(c.Key, out var hash) || hash != c.Hash || !Path.Exists(PartitionPath(tableDir, c.Key)))
            .ToList();
        var gone = previous.Keys.Except(current.Select(c => c.Key), StringComparer.Ordinal).ToList();

        if (changed.Count > 0)
        {
            var staging = Path.Combine(tableDir, StagingPrefix + Guid.NewGuid().ToString("N"));
            try
            {
                if (table.IsPartitioned) await WriteDaysAsync(table, tableDir, staging, changed, slices, cancellationToken);
                else await WriteWholeAsync(table, tableDir, staging, cancellationToken);
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
            foreach (var partition in changed)
                await warehouse.Session.ExecuteAsync(ParquetExportSql.Record, cancellationToken,
                    new DuckDBParameter("out_dir", root), new DuckDBParameter("table_name", table.Name),
                    new DuckDBParameter("partition_key", partition.Key), new DuckDBParameter("content_hash", partition.Hash),
                    new DuckDBParameter("row_count", partition.Rows));
        }
        foreach (var key in gone)
        {
            var path = PartitionPath(tableDir, key);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
            await warehouse.Session.ExecuteAsync(ParquetExportSql.Forget, cancellationToken,
                new DuckDBParameter("out_dir", root), new DuckDBParameter("table_name", table.Name), new DuckDBParameter("partition_key", key));
        }
        return new ParquetTableExport(table.Name, table.IsPartitioned, current.Count, changed.Select(c => c.Key).ToList(), gone.Count,
            changed.Sum(c => c.Rows), current.Sum(c => c.Rows));
    }

    /// <summary>
    /// All changed days in one COPY into the staging folder (one a slice, for a sliced table), then each day's folder renamed into place: the old folder
    /// is first renamed aside (into the staging folder, deleted with it), so a reader sees either the old day or the new.
    /// </summary>
    private async Task WriteDaysAsync(DestinationTable table, string tableDir, string staging, IReadOnlyList<PartitionState> changed,
        IReadOnlyList<StagedFiles.Range>? slices, CancellationToken cancellationToken)
    {
        var days = new DuckDBParameter(ParquetExportSql.ChangedDays, changed.Select(p => p.Key).ToList());
        // DuckDB makes the partitions' folder, not its parent.
        Directory.CreateDirectory(staging);
        var written = Path.Combine(staging, "new");
        await warehouse.Session.ExecuteAsync(table.HasWideRows ? ParquetExportSql.BoundWideRowsWrite : ParquetExportSql.BoundPartitionedWrite, cancellationToken);
        if (slices is null) await warehouse.Session.ExecuteAsync(ParquetExportSql.CopyChangedDays(table, written), cancellationToken, days);
        else
            for (int i = 0; i < slices.Count; i++)
                await warehouse.Session.ExecuteAsync(ParquetExportSql.CopyChangedDays(table, written, i), cancellationToken, [days, .. slices[i].Bounds()]);
        var replaced = Path.Combine(staging, "old");
        Directory.CreateDirectory(replaced);
        foreach (var partition in changed)
        {
            var name = PartitionFolderName(partition.Key);
            var target = Path.Combine(tableDir, name);
            if (Directory.Exists(target)) Directory.Move(target, Path.Combine(replaced, name));
            Directory.Move(Path.Combine(written, name), target);
        }
    }

    /// <summary>Every file's staged content cut into slices, as stage 5 cuts the changed files'.</summary>
    private async Task<IReadOnlyList<StagedFiles.Range>> SlicesAsync(CancellationToken cancellationToken)
    {
        var files = new StagedFiles(warehouse);
        await files.SelectAllAsync(cancellationToken);
        try
        {
            return await files.ChangedRangesAsync(SliceEntities, SliceBytes, cancellationToken);
        }
        finally
        {
            await files.ForgetRangesAsync(CancellationToken.None);
        }
    }

    /// <summary>Each partition's rows and content hash: in one scan, or for a sliced table, summed over its slices.</summary>
    private async Task<List<PartitionState>> HashesAsync(DestinationTable table, IReadOnlyList<StagedFiles.Range>? slices, CancellationToken cancellationToken)
    {
        static PartitionState Read(WarehouseRow r) => new(r.GetString("partition_key"), r.GetInt64("row_count"), r.GetString("content_hash"));
        if (slices is null) return await warehouse.Session.ReadAsync(ParquetExportSql.PartitionHashes(table), Read, cancellationToken);
        await warehouse.Session.ExecuteAsync(ParquetExportSql.CreateSliceSums, cancellationToken);
        try
        {
            foreach (var slice in slices)
                await warehouse.Session.ExecuteAsync(ParquetExportSql.AddSliceSums(table), cancellationToken, slice.Bounds());
            return await warehouse.Session.ReadAsync(ParquetExportSql.SlicedPartitionHashes, Read, cancellationToken);
        }
        finally
        {
            await warehouse.Session.ExecuteAsync(ParquetExportSql.DropSliceSums, CancellationToken.None);
        }
    }

    /// <summary>A whole table as one file, renamed over the old one (an atomic replace).</summary>
    private async Task WriteWholeAsync(DestinationTable table, string tableDir, string staging, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(staging);
        var written = Path.Combine(staging, WholeTableFile);
        await warehouse.Session.ExecuteAsync(ParquetExportSql.CopyWholeTable(table, written), cancellationToken);
        File.Move(written, Path.Combine(tableDir, WholeTableFile), overwrite: true);
    }

    private static string PartitionPath(string tableDir, string key) =>
        key == ParquetExportSql.WholeTable ? Path.Combine(tableDir, WholeTableFile) : Path.Combine(tableDir, PartitionFolderName(key));

    private static void RemoveStaleStaging(string tableDir)
    {
        foreach (var stale in Directory.EnumerateDirectories(tableDir, StagingPrefix + "*")) Directory.Delete(stale, recursive: true);
    }
}
