namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// Where and how one publish sends: the project and dataset, the dataset's location (when it is created), this
/// machine's id (part of every job id), the jobs allowed per table in 24 hours, whether it only says what it would do,
/// and the mode: single (tables named as the warehouse's) or team (each machine its own tables,
/// <c>&lt;table&gt;__&lt;machine&gt;</c>, and one view per table, <c>&lt;table&gt;</c>, over all machines' tables).
/// </summary>
public sealed record PublishTarget(string Project, string Dataset, string? Location, string MachineId, int Budget, bool DryRun, bool Team = false)
{
    /// <summary>The seed's BQ_DAILY_LOAD_JOBS_LIMIT; BigQuery's own limit is 1,500 load jobs per table per day.</summary>
    public const int DefaultBudget = 1_000;

    /// <summary>The ledger's name of the destination (a team's tables are other tables than a single machine's).</summary>
    public string Destination => $"bigquery:{Project}.{Dataset}" + (Team ? ":team" : "");

    /// <summary>The BigQuery table a warehouse table is loaded into.</summary>
    public string TableId(string table) => Team ? table + "__" + MachineTableSuffix : table;

    /// <summary>The machine id as a table name's suffix: letters, digits and underscores.</summary>
    public string MachineTableSuffix => string.Concat(MachineId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));

    /// <summary>
    /// Why the project or dataset id is not one BigQuery accepts (null when both are): they go into URLs and into the
    /// team view's SQL, so nothing else may pass. Project ids: lower-case letters, digits, dashes, dots and colons
    /// (domain-scoped ids); dataset ids: letters, digits and underscores, at most 1,024.
    /// </summary>
    public static string? IdError(string project, string dataset) =>
        project.Length is 0 or > 128 || !project.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' or ':')
            ? $"--project {project} is not a Google Cloud project id (lower-case letters, digits, dashes)"
            : dataset.Length is 0 or > 1024 || !dataset.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? $"--dataset {dataset} is not a BigQuery dataset id (letters, digits, underscores)"
                : null;

    /// <summary>A team's view of one table: the union of every machine's table (a wildcard table, BigQuery SQL).</summary>
    public string TeamViewQuery(string table) => $"SELECT * FROM `{Project}.{Dataset}.{table}__*`";
}
