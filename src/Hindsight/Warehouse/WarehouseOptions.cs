namespace Hindsight.Warehouse;

/// <summary>How to open the embedded DuckDB warehouse.</summary>
public sealed record WarehouseOptions
{
    /// <summary>
    /// The default of <see cref="MemoryLimit"/> and of <c>--memory-limit</c>: the one number to adjust. Small, because
    /// DuckDB fills its buffer pool up to the limit and a run's peak RSS follows it. At 256 MB the heavy corpus (2.3 GB,
    /// a 499 MB session) failed stage 2 in one cold run of three and ran slower than at 1 GB (issue 12, round 3); with
    /// stage 2's slices bounded by bytes and writers' row groups of 8,192 rows (round 4) its cold run took 79 s at 256 MB
    /// against 78 s at 1 GB, with a peak RSS of 784 MB against 1,500 MB; the seed corpus ran as fast at either (583-641
    /// MB against 582-598 MB). Stage 2 alone passes down to 96 MB. Work over the limit spills to
    /// <see cref="TemporaryDirectory"/> where DuckDB can.
    /// </summary>
    public const string DefaultMemoryLimit = "256MB";

    /// <summary>DuckDB's own memory cap (its buffer pool; the process adds .NET and DuckDB's untracked allocations).</summary>
    public string MemoryLimit { get; init; } = DefaultMemoryLimit;

    /// <summary>
    /// WAL size that triggers a checkpoint. Rows not yet checkpointed stay in DuckDB's memory, so a small threshold
    /// bounds a bulk load's memory; but with DuckDB's own default of 16 MB a cold seed-scale extraction took 10.8 s
    /// against 7.7 s at 256 MB (same machine, same load; the heavy corpus suffered more: every automatic checkpoint
    /// writes and compresses each table's last, partly filled row group again: see <see cref="RowGroupSize"/>). Stage 1
    /// checkpoints between its lanes' transactions itself (LaneCheckpoints); elsewhere, 256 MB.
    /// </summary>
    public string CheckpointThreshold { get; init; } = "256MB";

    /// <summary>
    /// Rows per row group in the tables a writer fills (DuckDB's default is 122,880). A checkpoint rewrites each table's
    /// last, partly filled row group, so with the default every checkpoint during stage 1 compressed most of the raw
    /// archive written so far again. Measured on the heavy corpus (2.3 GB; `hindsight extract` on a discovered
    /// warehouse, 1 GB limit): 129-145 CPU-s and 1.42-1.47 GB peak RSS at the default, 79 CPU-s and 1.26 GB at 8,192.
    /// On the seed corpus the CPU was the same and the peak RSS about 150 MB lower. Smaller groups (2,048) cost CPU
    /// and file size at seed scale. Only new row groups take this size; the file stays readable by any DuckDB client.
    /// </summary>
    public int RowGroupSize { get; init; } = 8192;

    /// <summary>
    /// Freed memory DuckDB's allocator (its bundled jemalloc) may keep cached after a task before it returns it to the
    /// system (<c>allocator_flush_threshold</c>; DuckDB's default is 128 MB). That cache lies outside the memory limit,
    /// so it adds to the peak RSS whatever the limit: on the seed corpus (cold run, 256 MB limit, issue 12, round 5) the
    /// process's anonymous memory beside the .NET heap peaked at 352 MB with DuckDB's defaults and at 313 MB with this,
    /// <see cref="AllocatorBulkFlushThreshold"/> and background threads.
    /// </summary>
    public string AllocatorFlushThreshold { get; init; } = "8MB";

    /// <summary>The same after a bulk deallocation, e.g. a hash table's (<c>allocator_bulk_deallocation_flush_threshold</c>; default 512 MB).</summary>
    public string AllocatorBulkFlushThreshold { get; init; } = "32MB";

    /// <summary>
    /// DuckDB's worker threads. Two at most: every thread holds its own buffers, and on the performance study's
    /// measurements one or two threads were as fast for Hindsight's statements while using the least memory.
    /// </summary>
    public int Threads { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>
    /// Whether DuckDB keeps the order rows were inserted in where a statement does not ask for one. Off: keeping it
    /// makes bulk inserts and CREATE TABLE AS hold whole row groups in memory (the study's JSON insert failed at
    /// 256 MB with it on). Every statement whose order matters says ORDER BY.
    /// </summary>
    public bool PreserveInsertionOrder { get; init; }

    /// <summary>
    /// Where DuckDB spills what does not fit its memory limit; null for <see cref="TemporaryDirectoryFor"/>'s
    /// default beside the warehouse.
    /// </summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>The folders this process reads transcripts from: the spill folder is never put inside one.</summary>
    public IReadOnlyList<string> SourceFolders { get; init; } = [];

    public bool ReadOnly { get; init; }
    /// <summary>Forbids reading or writing files and attaching databases from SQL (for user-supplied queries).</summary>
    public bool DisableExternalAccess { get; init; }
    /// <summary>How long to wait for another Hindsight process to release the database; zero stops at once.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The spill folder for a warehouse: <c>&lt;warehouse&gt;.tmp</c> beside it (same disk, so an operator spills rather
    /// than fails where the warehouse itself has room), unless that lies inside a source folder, where files of ours
    /// do not belong; then a folder of its own under the system's temporary directory, named after the warehouse.
    /// </summary>
    public static string TemporaryDirectoryFor(string warehousePath, IEnumerable<string> sourceFolders)
    {
        var full = Path.GetFullPath(warehousePath);
        var beside = full + ".tmp";
        if (!sourceFolders.Any(source => IsInside(beside, source))) return beside;
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full)))[..16];
        return Path.Combine(Path.GetTempPath(), $"hindsight-{name}.tmp");
    }

    private static bool IsInside(string path, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return path.StartsWith(root + Path.DirectorySeparatorChar, comparison) || string.Equals(path, root, comparison);
    }
}
