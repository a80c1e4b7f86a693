namespace Hindsight.Destinations.Parquet;

/// <summary>
/// The SQL of <c>export parquet</c>. Table names and event-day expressions come from <see cref="DestinationTables"/>
/// (constants); the one path in a statement is a quoted string literal, because COPY ... TO takes no parameter.
/// </summary>
internal static class ParquetExportSql
{
    /// <summary>The partition key of a whole table (one file, no day).</summary>
    public const string WholeTable = "";

    /// <summary>The partition key of rows without an event day: BigQuery's name for its NULL partition.</summary>
    public const string NullDay = "__NULL__";

    /// <summary>The temp table of the partition keys one export rewrites.</summary>
    public const string ChangedKeys = "export_changed_partitions";

    /// <summary>A row's partition key: its event day as YYYY-MM-DD, <see cref="NullDay"/> without one, or '' for a whole table.</summary>
    private static string PartitionKey(DestinationTable exported) =>
        exported.EventDay is null ? "''" : "coalesce(strftime(" + exported.EventDay + ", '%Y-%m-%d'), '" + NullDay + "')";

    /// <summary>
    /// Each partition's rows and content hash, in one scan. The hash is the sums of the two halves of every row's MD5
    /// (the row as DuckDB prints it) with the row count: independent of the order rows are stored in, so the same rows
    /// give the same hash after any rewrite, and any changed, added or removed row changes it.
    /// </summary>
    public static string PartitionHashes(DestinationTable exported) => $"""
        SELECT {PartitionKey(exported)} AS partition_key, count(*) AS row_count,
               count(*)::VARCHAR || ':' || coalesce(sum(md5_number_upper(CAST(t AS VARCHAR))), 0)::VARCHAR
                   || ':' || coalesce(sum(md5_number_lower(CAST(t AS VARCHAR))), 0)::VARCHAR AS content_hash
        FROM {exported.Name} t
        GROUP BY ALL
        """;

    /// <summary>
    /// A partitioned COPY buffers rows per open partition (DuckDB's defaults: 100 open files, 512k rows each before a
    /// flush); fewer open files and earlier flushes make those buffers smaller (a day may then be several files, all in
    /// its folder). Not enough on its own: a seed-scale staged view still needs --memory-limit 1GB (README, Destinations).
    /// </summary>
    public const string BoundPartitionedWrite = "SET partitioned_write_max_open_files = 8; SET partitioned_write_flush_threshold = 8192";

    public const string CreateChangedKeys = $"CREATE OR REPLACE TEMP TABLE {ChangedKeys} (partition_key VARCHAR NOT NULL)";
    public const string AddChangedKey = $"INSERT INTO {ChangedKeys} VALUES ($key)";
    public const string DropChangedKeys = $"DROP TABLE IF EXISTS {ChangedKeys}";

    /// <summary>
    /// The changed days of a partitioned table, in one scan, into <paramref name="folder"/> as Hive partitions
    /// (<c>dt=YYYY-MM-DD/</c>); the <c>dt</c> column lives in the folder name only, as Hive readers expect.
    /// </summary>
    public static string CopyChangedDays(DestinationTable exported, string folder) => $"""
        COPY (
            SELECT * FROM (SELECT t.*, {PartitionKey(exported)} AS dt FROM {exported.Name} t)
            WHERE dt IN (SELECT partition_key FROM {ChangedKeys})
        ) TO {Literal(folder)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt))
        """;

    /// <summary>A whole table into one file.</summary>
    public static string CopyWholeTable(DestinationTable exported, string file) => $"""
        COPY (SELECT * FROM {exported.Name}) TO {Literal(file)} (FORMAT parquet, COMPRESSION zstd)
        """;

    /// <summary>What the last export into a folder recorded for one table: partition key and content hash.</summary>
    public const string Previous = """
        SELECT partition_key, content_hash FROM parquet_exports WHERE out_dir = $out_dir AND table_name = $table_name
        """;

    public const string Record = """
        INSERT OR REPLACE INTO parquet_exports (out_dir, table_name, partition_key, content_hash, row_count, exported_at)
        VALUES ($out_dir, $table_name, $partition_key, $content_hash, $row_count, now())
        """;

    public const string Forget = """
        DELETE FROM parquet_exports WHERE out_dir = $out_dir AND table_name = $table_name AND partition_key = $partition_key
        """;

    /// <summary>A path as a SQL string literal (quotes doubled).</summary>
    private static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}
