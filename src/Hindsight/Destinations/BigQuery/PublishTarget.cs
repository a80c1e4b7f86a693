namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// Where and how one publish sends: the project and dataset, the dataset's location (when it is created), this
/// machine's id (part of every job id), the jobs allowed per table in 24 hours, and whether it only says what it would do.
/// </summary>
public sealed record PublishTarget(string Project, string Dataset, string? Location, string MachineId, int Budget, bool DryRun)
{
    /// <summary>The seed's BQ_DAILY_LOAD_JOBS_LIMIT; BigQuery's own limit is 1,500 load jobs per table per day.</summary>
    public const int DefaultBudget = 1_000;

    /// <summary>The ledger's name of the destination.</summary>
    public string Destination => $"bigquery:{Project}.{Dataset}";
}
