namespace Hindsight.Destinations.Parquet;

/// <summary>
/// What one export did to one table: its partitions now (days, or 1 for a table written whole), how many of them were
/// written because their rows changed (or their files were missing), how many were removed because their rows are
/// gone, and the rows written. <see cref="WrittenPartitions"/> names the keys written (YYYY-MM-DD, or '' for a whole table).
/// </summary>
public sealed record ParquetTableExport(string Table, bool Partitioned, int Partitions, IReadOnlyList<string> WrittenPartitions, int RemovedPartitions, long RowsWritten, long Rows)
{
    public int Unchanged => Partitions - WrittenPartitions.Count;
}
