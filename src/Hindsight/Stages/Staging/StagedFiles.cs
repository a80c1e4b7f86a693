using DuckDB.NET.Data;

namespace Hindsight.Stages.Staging;

/// <summary>
/// Which files' staged rows must be fingerprinted again. A file has changed when what its rows are made from is not
/// what it was last staged from (<c>staged_files</c>: a per-file hash of the same inputs the staged table's
/// signature reads: its entities, its messages with their ingestion run, the corrections of its entities, its API
/// calls' costs and its path), or when the redaction rules changed. An append to one file fingerprints that file, not
/// the corpus. The ranges cover changed files only (an unchanged file between two changed ones ends a range), so that
/// the content macro, which takes a range of file ids (and of lines, for a file too large for one statement), never
/// reads an unchanged file's texts.
/// </summary>
internal sealed class StagedFiles(Warehouse.Warehouse warehouse)
{
    /// <summary>The changed files, with their signature now (null: nothing of the file is left).</summary>
    public const string ChangedFilesTable = "staged_changed_files";

    /// <summary>Bumped when what a file's signature covers changes: every file is staged again.</summary>
    private const string RulesVersion = "1";

    private static string StagedWith => $"{RulesVersion}|{Cleaning.SecretRedactor.Version}";

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

    /// <summary>A range of file ids, and of line numbers within them (the whole files unless one file is cut in parts).</summary>
    public sealed record Range(string FirstFile, string LastFile, long FirstLine, long LastLine)
    {
        public DuckDBParameter[] Bounds() =>
        [
            new DuckDBParameter("first", FirstFile), new DuckDBParameter("last", LastFile),
            new DuckDBParameter("first_line", FirstLine), new DuckDBParameter("last_line", LastLine),
        ];
    }

    /// <summary>
    /// Ranges in file id order holding about <paramref name="entitiesPerRange"/> staged entities each and only changed
    /// files; a file with more entities than that is cut into ranges of its lines (a line is never split).
    /// </summary>
    public async Task<List<Range>> ChangedRangesAsync(long entitiesPerRange, CancellationToken cancellationToken)
    {
        var files = new List<(string File, long Entities, bool Changed)>();
        using (var command = warehouse.Connection.CreateCommand())
        {
            command.CommandText = $"""
                WITH staged AS (SELECT file_id, count(*) AS entities FROM entities WHERE level IN (5, 3) GROUP BY file_id)
                SELECT f.file_id, coalesce(s.entities, 0), f.file_id IN (SELECT file_id FROM {ChangedFilesTable})
                FROM files f LEFT JOIN staged s ON s.file_id = f.file_id
                ORDER BY f.file_id
                """;
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) files.Add((reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2)));
        }

        var ranges = new List<Range>();
        long inRange = 0;
        bool open = false;
        foreach (var (file, entities, changed) in files)
        {
            if (!changed) { open = false; continue; }
            if (entities == 0) continue;
            if (entities > entitiesPerRange)
            {
                ranges.AddRange(await LineRangesAsync(file, entitiesPerRange, cancellationToken));
                open = false;
                continue;
            }
            if (!open || inRange >= entitiesPerRange) { ranges.Add(new Range(file, file, 0, long.MaxValue)); inRange = 0; open = true; }
            ranges[^1] = ranges[^1] with { LastFile = file };
            inRange += entities;
        }
        return ranges;
    }

    /// <summary>One large file's lines cut into ranges of about <paramref name="entitiesPerRange"/> staged entities.</summary>
    private async Task<List<Range>> LineRangesAsync(string file, long entitiesPerRange, CancellationToken cancellationToken)
    {
        var ranges = new List<Range>();
        using var command = warehouse.Connection.CreateCommand();
        command.CommandText = "SELECT line_no, count(*) FROM entities WHERE level IN (5, 3) AND file_id = $file GROUP BY line_no ORDER BY line_no";
        command.Parameters.Add(new DuckDBParameter("file", file));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long inRange = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            long line = reader.GetInt64(0);
            if (ranges.Count == 0 || inRange >= entitiesPerRange) { ranges.Add(new Range(file, file, line, line)); inRange = 0; }
            ranges[^1] = ranges[^1] with { LastLine = line };
            inRange += reader.GetInt64(1);
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
