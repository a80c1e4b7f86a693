namespace Hindsight.Warehouse;

/// <summary>How to open the embedded DuckDB warehouse.</summary>
public sealed record WarehouseOptions
{
    /// <summary>
    /// DuckDB's own memory cap; modest, so the warehouse never takes most of the machine, and large enough for
    /// stage 3's set-based identity work on a 2.2 GB corpus (it ran out at 256 MB; measured by bench/run).
    /// </summary>
    public string MemoryLimit { get; init; } = "1GB";
    /// <summary>
    /// WAL size that triggers a checkpoint: larger than DuckDB's 16 MB so bulk loads are not rewritten many
    /// times, no larger than the memory limit because data not yet checkpointed stays in memory.
    /// </summary>
    public string CheckpointThreshold { get; init; } = "256MB";
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);
    public bool ReadOnly { get; init; }
    /// <summary>Forbids reading or writing files and attaching databases from SQL (for user-supplied queries).</summary>
    public bool DisableExternalAccess { get; init; }
    /// <summary>How long to wait for another Hindsight process to release the database; zero stops at once.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.Zero;
}
