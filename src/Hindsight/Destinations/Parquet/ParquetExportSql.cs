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

    /// <summary>
    /// The parameter of the partition keys one export rewrites: a list, filtered on row by row, not a table joined (the
    /// planner may build a join's hash table on the rows side, holding every row to write: the staged view ran out of
    /// memory so).
    /// </summary>
    public const string ChangedDays = "changed_days";

    /// <summary>A row's partition key: its event day as YYYY-MM-DD, <see cref="NullDay"/> without one, or '' for a whole table.</summary>
    private static string PartitionKey(DestinationTable exported) =>
        exported.EventDay is null ? "''" : "coalesce(strftime(" + exported.EventDay + ", '%Y-%m-%d'), '" + NullDay + "')";

    /// <summary>What a statement reads: the table, or for a sliced one, its rows of one slice (<c>$files</c>, <c>$first_line</c>, <c>$last_line</c>).</summary>
    private static string Source(DestinationTable exported) =>
        exported.Slice ?? (exported.Where is null ? exported.Name : "(SELECT * FROM " + exported.Name + " WHERE " + exported.Where + ")");

    /// <summary>
    /// Each partition's rows and the sums of the two halves of every row's MD5 (the row as DuckDB prints it), in one
    /// scan (of one slice, for a sliced table). Sums add up, so a sliced table's partitions sum its slices' rows.
    /// </summary>
    private static string PartitionSums(DestinationTable exported) => $"""
        SELECT {PartitionKey(exported)} AS partition_key, count(*) AS row_count,
               coalesce(sum(md5_number_upper(CAST(t AS VARCHAR))), 0) AS upper_sum,
               coalesce(sum(md5_number_lower(CAST(t AS VARCHAR))), 0) AS lower_sum
        FROM {Source(exported)} t
        GROUP BY ALL
        """;

    /// <summary>
    /// Each partition's rows and content hash: the row count and both MD5 sums. Independent of the order rows are
    /// stored in, so the same rows give the same hash after any rewrite, and any changed, added or removed row changes it.
    /// </summary>
    private static string HashOfSums(string sums) => $"""
        SELECT partition_key, sum(row_count)::BIGINT AS row_count,
               sum(row_count)::VARCHAR || ':' || sum(upper_sum)::VARCHAR || ':' || sum(lower_sum)::VARCHAR AS content_hash
        FROM {sums}
        GROUP BY partition_key
        """;

    /// <summary>Each partition's rows and content hash of a table read whole.</summary>
    public static string PartitionHashes(DestinationTable exported) => HashOfSums("(" + PartitionSums(exported) + ")");

    /// <summary>The temp table of a sliced table's sums, slice by slice.</summary>
    public const string SliceSums = "export_slice_sums";

    public const string CreateSliceSums = $"""
        CREATE OR REPLACE TEMP TABLE {SliceSums} (partition_key VARCHAR, row_count BIGINT, upper_sum HUGEINT, lower_sum HUGEINT)
        """;

    /// <summary>One slice's sums of a sliced table (<c>$files</c>, <c>$first_line</c>, <c>$last_line</c>).</summary>
    public static string AddSliceSums(DestinationTable exported) => $"INSERT INTO {SliceSums} " + PartitionSums(exported);

    /// <summary>Each partition's rows and content hash of a sliced table, from its slices' sums.</summary>
    public static string SlicedPartitionHashes => HashOfSums(SliceSums);

    public const string DropSliceSums = $"DROP TABLE IF EXISTS {SliceSums}";

    /// <summary>
    /// A partitioned COPY buffers rows per open partition (DuckDB's defaults: 100 open files, 512k rows each before a
    /// flush); fewer open files and earlier flushes make those buffers smaller (a day may then be several files, all in
    /// its folder). Not enough on its own: a seed-scale staged view still needs --memory-limit 1GB (README, Destinations).
    /// </summary>
    public const string BoundPartitionedWrite = "SET partitioned_write_max_open_files = 8; SET partitioned_write_flush_threshold = 8192";

    /// <summary>
    /// Rows per Parquet row group of a table with wide rows: each open file holds one row group until it is full (DuckDB's
    /// default, 122,880 rows, is about 170 MB of the staged view's texts).
    /// </summary>
    private const int WideRowGroupRows = 2048;

    /// <summary>
    /// The same buffers for a table whose rows carry whole texts or lines (the staged view: 1.4 KB a row on average at
    /// seed scale, so 8 files of 8,192 rows hold about 90 MB; the raw archive ran out of 256 MB at seed scale): a few
    /// open files and early flushes keep them to a few MB.
    /// </summary>
    public const string BoundWideRowsWrite = "SET partitioned_write_max_open_files = 4; SET partitioned_write_flush_threshold = 1024";


    /// <summary>
    /// The changed days of a partitioned table, in one scan, into <paramref name="folder"/> as Hive partitions
    /// (<c>dt=YYYY-MM-DD/</c>); the <c>dt</c> column lives in the folder name only, as Hive readers expect.
    /// </summary>
    /// <remarks>
    /// A sliced table is written one slice at a time into the same folder: each slice's files are named after it
    /// (<paramref name="slice"/>), so a day gets one file per slice that holds rows of it.
    /// </remarks>
    public static string CopyChangedDays(DestinationTable exported, string folder, int? slice = null) => $"""
        COPY (
            SELECT * FROM (SELECT t.*, {PartitionKey(exported)} AS dt FROM {Source(exported)} t)
            WHERE list_contains(${ChangedDays}, dt)
        ) TO {Literal(folder)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt){CopyOptions(exported, slice)})
        """;

    /// <summary>
    /// COPY's options beyond format and compression: small row groups for wide rows, and a slice's own file names
    /// (written into a folder earlier slices wrote into).
    /// </summary>
    private static string CopyOptions(DestinationTable exported, int? slice) =>
        (exported.HasWideRows ? ", ROW_GROUP_SIZE " + WideRowGroupRows.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")
        + (slice is null ? "" : ", FILENAME_PATTERN 'slice" + slice.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_data_{i}', OVERWRITE_OR_IGNORE");

    /// <summary>A whole table into one file.</summary>
    public static string CopyWholeTable(DestinationTable exported, string file) => $"""
        COPY (SELECT * FROM {Source(exported)}) TO {Literal(file)} (FORMAT parquet, COMPRESSION zstd)
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
