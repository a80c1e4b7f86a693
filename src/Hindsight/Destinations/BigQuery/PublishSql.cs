namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// The SQL of <c>publish bigquery</c>: its ledger <c>publish_loads</c> (migration 22), the columns of a table, and the
/// one file per day partition made from the export's files. Paths and column expressions are the only holes: paths as
/// quoted string literals (COPY ... TO and read_parquet's glob take none as a parameter), column expressions from
/// <see cref="BigQueryColumn"/> over names read from the warehouse's own catalog, quoted.
/// </summary>
internal static class PublishSql
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Deferred = "deferred";

    /// <summary>The columns of a table or view as DuckDB describes them.</summary>
    public static string Describe(DestinationTable table) => "DESCRIBE SELECT * FROM " + table.Name;

    /// <summary>What the export into the publish's folder holds now: each partition's content hash and rows.</summary>
    public const string Exported = """
        SELECT partition_key, content_hash, row_count FROM parquet_exports
        WHERE out_dir = $out_dir AND table_name = $table_name ORDER BY partition_key
        """;

    /// <summary>Each partition's content hash as last loaded (done) into this destination from this machine.</summary>
    public const string Loaded = """
        SELECT partition_key, arg_max(content_hash, started_at) AS content_hash FROM publish_loads
        WHERE destination = $destination AND table_name = $table_name AND machine_id = $machine_id AND state = 'done'
        GROUP BY partition_key
        """;

    /// <summary>Jobs started for a table of a destination in the last 24 hours (BigQuery counts failed ones too), and the oldest.</summary>
    public const string JobsInLastDay = """
        SELECT count(*) AS jobs, min(started_at) AS oldest FROM publish_loads
        WHERE destination = $destination AND table_name = $table_name AND state <> 'deferred'
          AND started_at > now() - INTERVAL 24 HOUR
        """;

    /// <summary>
    /// Jobs of the same rows known to have ended without loading (failed or deferred by a quota): their ids cannot be
    /// used again, so the next job of these rows takes the next attempt number. A job a killed publish left running is
    /// not counted: its id is asked for again, and the 409 fetches it.
    /// </summary>
    public const string EndedUnloaded = """
        SELECT count(*) FROM publish_loads
        WHERE destination = $destination AND table_name = $table_name AND machine_id = $machine_id AND partition_key = $partition_key
          AND content_hash = $content_hash AND state IN ('failed', 'deferred') AND job_id <> ''
        """;

    public const string Start = """
        INSERT INTO publish_loads (run_id, destination, table_name, partition_key, machine_id, content_hash, file_hash, row_count,
                                   byte_count, job_id, state, started_at)
        VALUES ($run_id, $destination, $table_name, $partition_key, $machine_id, $content_hash, $file_hash, $row_count,
                $byte_count, $job_id, 'running', now())
        """;

    public const string Finish = """
        UPDATE publish_loads SET state = $state, error_reason = $error_reason, error_message = $error_message,
               output_rows = $output_rows, finished_at = now()
        WHERE job_id = $job_id AND run_id = $run_id
        """;

    /// <summary>A partition not sent (quota, budget): recorded so the ledger says what waits, with no job id of BigQuery's.</summary>
    public const string Defer = """
        INSERT INTO publish_loads (run_id, destination, table_name, partition_key, machine_id, content_hash, row_count, job_id,
                                   state, error_reason, error_message, started_at, finished_at)
        VALUES ($run_id, $destination, $table_name, $partition_key, $machine_id, $content_hash, $row_count, '',
                'deferred', $error_reason, $error_message, now(), now())
        """;

    /// <summary>Jobs a killed publish left running: the next publish asks BigQuery for them again (same ids).</summary>
    public const string Interrupted = """
        UPDATE publish_loads SET state = 'interrupted', finished_at = now() WHERE destination = $destination AND state = 'running'
        """;

    /// <summary>
    /// One Parquet file for one load job: the export's files of a day (a sliced table has several) or of a whole table,
    /// with every column as BigQuery takes it and, for a day, the day as <see cref="BigQueryColumn.EventDay"/>.
    /// </summary>
    public static string MergeFiles(IReadOnlyList<BigQueryColumn> columns, string sourceGlob, string? day, string file) =>
        $"COPY (SELECT {Columns(columns, day)} FROM read_parquet({Literal(sourceGlob)})) TO {Literal(file)} (FORMAT parquet, COMPRESSION zstd)";

    /// <summary>
    /// An empty file of a table's columns, for the load that empties a partition (or a whole table) whose rows are all
    /// gone from the warehouse (after <c>forget</c>): WRITE_TRUNCATE with no rows leaves it empty.
    /// </summary>
    public static string EmptyFile(IReadOnlyList<BigQueryColumn> columns, DestinationTable table, string? day, string file) =>
        $"COPY (SELECT {Columns(columns, day)} FROM {table.Name} WHERE false) TO {Literal(file)} (FORMAT parquet, COMPRESSION zstd)";

    /// <summary>Every column as BigQuery takes it, and for a day partition the day as <see cref="BigQueryColumn.EventDay"/>.</summary>
    private static string Columns(IReadOnlyList<BigQueryColumn> columns, string? day) =>
        string.Join(", ", columns.Select(c => c.Select + " AS \"" + c.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))
        + (day switch
        {
            null => "",
            // BigQuery's NULL partition: the rows whose event day is unknown.
            Parquet.ParquetExportSql.NullDay => ", CAST(NULL AS DATE) AS " + BigQueryColumn.EventDay,
            _ => ", DATE " + Literal(day) + " AS " + BigQueryColumn.EventDay,
        });

    /// <summary>The content hash the ledger records for a partition emptied because its rows are gone (the export's hash of no rows).</summary>
    public const string Emptied = "0:0:0";

    /// <summary>A path or a day as a SQL string literal (quotes doubled).</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
