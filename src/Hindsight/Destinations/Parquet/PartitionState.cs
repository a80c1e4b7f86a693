namespace Hindsight.Destinations.Parquet;

/// <summary>One partition of a table as the warehouse holds it now: its key, rows and content hash.</summary>
internal sealed record PartitionState(string Key, long Rows, string Hash);
