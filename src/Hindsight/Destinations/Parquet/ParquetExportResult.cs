namespace Hindsight.Destinations.Parquet;

/// <summary>One <c>export parquet</c>: the folder written and what happened to each table.</summary>
public sealed record ParquetExportResult(string OutDir, IReadOnlyList<ParquetTableExport> Tables)
{
    public int PartitionsWritten => Tables.Sum(t => t.WrittenPartitions.Count);
    public long RowsWritten => Tables.Sum(t => t.RowsWritten);
}
