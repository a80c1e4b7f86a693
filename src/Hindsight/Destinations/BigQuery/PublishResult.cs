namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// What one publish did: every partition sent (or planned, deferred, failed), the partitions left as they were, and for
/// each table it sent to (or would), the jobs its budget still allows in the rolling 24 hours after this publish.
/// </summary>
public sealed record PublishResult(PublishTarget Target, Guid RunId, IReadOnlyList<PublishedPartition> Partitions, int Unchanged,
    IReadOnlyDictionary<string, long> JobsLeft)
{
    public int Jobs => Partitions.Count(p => p.State is PublishSql.Done or PublishSql.Failed);

    public IEnumerable<PublishedPartition> Deferred => Partitions.Where(p => p.State == PublishSql.Deferred);

    public PublishedPartition? Failure => Partitions.FirstOrDefault(p => p.State == PublishSql.Failed);

    /// <summary>When a deferred partition may be sent again: the latest of their times.</summary>
    public DateTimeOffset? RetryAfter => Deferred.Select(p => p.RetryAfter).Max();
}
