using DuckDB.NET.Data;

namespace Hindsight.Stages.Stage;

/// <summary>
/// Which files' staged rows must be fingerprinted again. A file has changed when what its rows are made from is not
/// what it was last staged from (<c>staged_files</c>: a per-file hash of the same inputs the staged table's
/// signature reads: its entities, its messages with their ingestion run, the corrections of its entities, its API
/// calls' costs and its path), or when the redaction rules changed. An append to one file fingerprints that file, not
/// the corpus. The ranges list changed files only, so that
/// the content macro, which takes a list of files (and a range of lines, for a file too large for one statement), never
/// reads an unchanged file's texts.
/// </summary>
internal sealed class StagedFiles(Warehouse.Warehouse warehouse)
{
    /// <summary>The changed files, with their signature now (null: nothing of the file is left).</summary>
    public const string ChangedFilesTable = "staged_changed_files";

    /// <summary>Bumped when what a file's signature covers changes: every file is staged again.</summary>
    private const string RulesVersion = "1";

    private static string StagedWith => $"{RulesVersion}|{Secrets.SecretRedactor.Version}";

    /// <summary>Fills <see cref="ChangedFilesTable"/>: every file when <paramref name="all"/>, else those whose inputs changed.</summary>
    public async Task<long> FindChangedAsync(bool all, CancellationToken cancellationToken)
    {
        // Narrow columns only, grouped by file: memory grows with the number of files, not rows or texts.
        await warehouse.ExecuteAsync($"""
            CREATE OR REPLACE TEMP TABLE {ChangedFilesTable} AS
            WITH parts AS (
                SELECT file_id, hash('entity', entity_id, line_no, block_index, parent_id) AS h FROM entities WHERE level IN (5, 3)
                UNION ALL
                SELECT file_id, hash('message', line_no, block_index, ingest_run_id, is_duplicate, kind) FROM messages
                UNION ALL
                SELECT e.file_id, hash('correction', c.entity_id, c.status, c.settled_at)
                FROM corrections c JOIN entities e ON e.entity_id = c.entity_id AND e.level IN (5, 3)
                UNION ALL
                SELECT file_id, hash('api_call', line_no, cost_usd) FROM api_calls
                UNION ALL
                SELECT file_id, hash('file', path) FROM files
            ), current AS (
                SELECT file_id, count(*)::VARCHAR || ':' || sum(h)::VARCHAR AS signature FROM parts GROUP BY file_id
            )
            SELECT coalesce(c.file_id, s.file_id) AS file_id, c.signature
            FROM current c FULL JOIN staged_files s ON s.file_id = c.file_id
            WHERE $all OR c.signature IS DISTINCT FROM s.inputs_signature OR s.staged_with IS DISTINCT FROM $with
            """, cancellationToken, new DuckDBParameter("all", all), new DuckDBParameter("with", StagedWith));
        return Convert.ToInt64(await warehouse.ScalarAsync($"SELECT count(*) FROM {ChangedFilesTable}", cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Fills <see cref="ChangedFilesTable"/> with every file (and no signature), so that <see cref="ChangedRangesAsync"/>
    /// cuts all the staged content into slices: for a reader of the whole staged table (the Parquet export) whose joins
    /// must work on a slice at a time. Dropped by <see cref="ForgetRangesAsync"/>; nothing is remembered.
    /// </summary>
    public Task SelectAllAsync(CancellationToken cancellationToken) =>
        warehouse.ExecuteAsync($"CREATE OR REPLACE TEMP TABLE {ChangedFilesTable} AS SELECT file_id, NULL::VARCHAR AS signature FROM files", cancellationToken);

    /// <summary>Drops the list <see cref="SelectAllAsync"/> made, remembering nothing.</summary>
    public Task ForgetRangesAsync(CancellationToken cancellationToken) =>
        warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {ChangedFilesTable}", cancellationToken);

    /// <summary>A list of files, and a range of line numbers within them (the whole files unless one file is cut in parts).</summary>
    public sealed record Range(IReadOnlyList<string> Files, long FirstLine, long LastLine)
    {
        public DuckDBParameter[] Bounds() =>
        [
            new DuckDBParameter("files", Files.ToList()),
            new DuckDBParameter("first_line", FirstLine), new DuckDBParameter("last_line", LastLine),
        ];
    }

    /// <summary>
    /// Changed files in ranges of about <paramref name="entitiesPerRange"/> staged entities and
    /// <paramref name="bytesPerRange"/> bytes of transcript each; a file larger than either is cut into ranges of its
    /// lines (a line is never split). The bytes bound what one statement holds: a staged row's texts (its message, tool
    /// input and tool output) all come from its own line, so a range's texts are at most its lines' bytes, however few
    /// entities carry them (one session of the benchmark's heavy corpus has 499 MB of tool output). Files are taken in
    /// the order their tool texts are stored in, so that a range reads a few contiguous stretches of the compressed
    /// texts rather than rows spread over the whole table (file ids are hashes).
    /// </summary>
    public async Task<List<Range>> ChangedRangesAsync(long entitiesPerRange, long bytesPerRange, CancellationToken cancellationToken)
    {
        var files = await warehouse.Session.ReadAsync($"""
                WITH staged AS (
                    SELECT file_id, count(*) AS entities FROM entities
                    WHERE level IN (5, 3) AND file_id IN (SELECT file_id FROM {ChangedFilesTable}) GROUP BY file_id
                ), stored AS (
                    SELECT file_id, min(rowid) AS first_row FROM content_blocks
                    WHERE file_id IN (SELECT file_id FROM {ChangedFilesTable}) GROUP BY file_id
                )
                SELECT f.file_id, s.entities, f.ingested_offset
                FROM files f JOIN staged s ON s.file_id = f.file_id LEFT JOIN stored b ON b.file_id = f.file_id
                ORDER BY b.first_row NULLS FIRST, f.file_id
                """,
            row => (File: row.GetString("file_id"), Entities: row.GetInt64("entities"), Bytes: row.GetInt64("ingested_offset")), cancellationToken);

        var ranges = new List<Range>();
        var inRange = new List<string>();
        var fill = new RangeFill(entitiesPerRange, bytesPerRange);
        foreach (var (file, entities, bytes) in files)
        {
            if (entities > entitiesPerRange || bytes > bytesPerRange)
            {
                ranges.AddRange(await LineRangesAsync(file, entitiesPerRange, bytesPerRange, cancellationToken));
                continue;
            }
            if (fill.IsFull) { ranges.Add(new Range(inRange, 0, long.MaxValue)); inRange = []; fill = fill.Empty; }
            inRange.Add(file);
            fill = fill.Add(entities, bytes);
        }
        if (inRange.Count > 0) ranges.Add(new Range(inRange, 0, long.MaxValue));
        return ranges;
    }

    /// <summary>One large file's lines cut into ranges of about <paramref name="entitiesPerRange"/> staged entities and <paramref name="bytesPerRange"/> bytes.</summary>
    private async Task<List<Range>> LineRangesAsync(string file, long entitiesPerRange, long bytesPerRange, CancellationToken cancellationToken)
    {
        var ranges = new List<Range>();
        // Each line with staged entities, and its length (up to the next stored line's offset, or the end of what was
        // ingested); lines without staged entities are left out: their texts never reach the statement.
        const string StagedLinesSql = """
            WITH lines AS (
                SELECT line_no, coalesce(lead(byte_offset) OVER (ORDER BY line_no), (SELECT ingested_offset FROM files WHERE file_id = $file)) - byte_offset AS bytes
                FROM records WHERE file_id = $file
            ), staged AS (
                SELECT line_no, count(*) AS entities FROM entities WHERE level IN (5, 3) AND file_id = $file GROUP BY line_no
            )
            SELECT l.line_no, s.entities, l.bytes FROM lines l JOIN staged s ON s.line_no = l.line_no ORDER BY l.line_no
            """;
        var inRange = new RangeFill(entitiesPerRange, bytesPerRange);
        await foreach (var row in warehouse.Session.StreamAsync(StagedLinesSql, cancellationToken, new DuckDBParameter("file", file)))
        {
            long line = row.GetInt64("line_no");
            if (ranges.Count == 0 || inRange.IsFull) { ranges.Add(new Range([file], line, line)); inRange = inRange.Empty; }
            ranges[^1] = ranges[^1] with { LastLine = line };
            inRange = inRange.Add(row.GetInt64("entities"), row.GetInt64("bytes"));
        }
        // The first range starts at line 0 and the last ends with the file, so every line of the file is in one range.
        if (ranges.Count > 0)
        {
            ranges[0] = ranges[0] with { FirstLine = 0 };
            ranges[^1] = ranges[^1] with { LastLine = long.MaxValue };
            for (int i = 1; i < ranges.Count; i++) ranges[i - 1] = ranges[i - 1] with { LastLine = ranges[i].FirstLine - 1 };
        }
        return ranges;
    }

    /// <summary>What a range holds so far, against its two limits.</summary>
    private readonly record struct RangeFill(long EntityLimit, long ByteLimit, long Entities = 0, long Bytes = 0)
    {
        public bool IsFull => Entities >= EntityLimit || Bytes >= ByteLimit;
        public RangeFill Empty => this with { Entities = 0, Bytes = 0 };
        public RangeFill Add(long entities, long bytes) => this with { Entities = Entities + entities, Bytes = Bytes + bytes };
    }

    /// <summary>Remembers what the changed files were staged from, in the transaction that staged them.</summary>
    public async Task RememberAsync(CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync($"DELETE FROM staged_files WHERE file_id IN (SELECT file_id FROM {ChangedFilesTable})", cancellationToken);
        await warehouse.ExecuteAsync(
            $"INSERT INTO staged_files SELECT file_id, signature, $with FROM {ChangedFilesTable} WHERE signature IS NOT NULL",
            cancellationToken, new DuckDBParameter("with", StagedWith));
        await warehouse.ExecuteAsync($"DROP TABLE {ChangedFilesTable}", cancellationToken);
    }
}
