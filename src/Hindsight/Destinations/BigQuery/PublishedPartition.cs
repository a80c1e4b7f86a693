namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// One partition a publish sent or would send: the table, the partition (YYYY-MM-DD, or '' for a table sent whole),
/// rows and bytes sent, the load job, how it ended (<see cref="PublishSql"/>'s states, or "planned" in a dry run), and
/// BigQuery's reason and message when it did not load.
/// </summary>
public sealed record PublishedPartition(string Table, string Partition, long Rows, long Bytes, string JobId, string State,
    string? Reason = null, string? Message = null, long? OutputRows = null, DateTimeOffset? RetryAfter = null);
