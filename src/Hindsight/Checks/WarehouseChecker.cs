using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Hindsight.Sources;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Extract;
using Hindsight.Warehouse;

namespace Hindsight.Checks;

/// <summary>
/// <c>hindsight check</c>: does the warehouse still hold what it claims? Four checks, read-only:
/// DuckDB's own (every column of every table read, so a damaged block surfaces now rather than at a later
/// checkpoint; DuckDB verifies each block's checksum as it reads it); entity ids unique (stage 3 enforces it itself,
/// since <c>entities</c> has no key index to do it); per file, the source's ingested range against
/// the stored rows (lines = records + dead letters + blank lines, and the block fingerprints); per line, each stored
/// record's raw text byte for byte, and each dead letter's SHA-256, against the source bytes at that line.
/// </summary>
public sealed class WarehouseChecker(Warehouse.Warehouse warehouse, int maxLineBytes)
{
    /// <summary>Problems listed per file before the rest are only counted.</summary>
    private const int ProblemsShownPerFile = 5;

    public async Task<IntegrityReport> CheckAsync(CancellationToken cancellationToken)
    {
        var report = new IntegrityReport();
        await ReadEveryTableAsync(report, cancellationToken);
        if (report.Holds) await CheckEntityIdsAsync(report, cancellationToken);
        if (report.Holds) await CheckFilesAsync(report, cancellationToken);
        return report;
    }

    private async Task ReadEveryTableAsync(IntegrityReport report, CancellationToken cancellationToken)
    {
        var tables = await Session.ReadAsync(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary ORDER BY 1",
            row => row.GetString("table_name"), cancellationToken);
        foreach (var table in tables)
        {
            try
            {
                // hash(t) reads every column of every row: each block of the table is loaded and its checksum verified.
                // query_table takes the name as a value: no table name is spliced into the SQL.
                report.RowsRead += await Session.ReadFirstAsync("SELECT count(*) AS row_count, bit_xor(hash(t)) FROM query_table($table) t",
                    row => row.GetInt64("row_count"), cancellationToken, new DuckDBParameter("table", table));
                report.TablesRead++;
            }
            catch (WarehouseQueryException ex)
            {
                report.Problems.Add($"table {table} cannot be read: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// One row per entity id and one per natural key: the identity stage keeps both unique (its gate refuses a run that
    /// would break them, and it inserts only ids not yet stored), and nothing in DuckDB would catch a bug there.
    /// </summary>
    private async Task CheckEntityIdsAsync(IntegrityReport report, CancellationToken cancellationToken)
    {
        var (extraIds, extraKeys) = await Session.ReadFirstAsync(
            "SELECT count(*) - count(DISTINCT entity_id) AS extra_ids, count(*) - count(DISTINCT natural_key) AS extra_keys FROM entities",
            row => (row.GetInt64("extra_ids"), row.GetInt64("extra_keys")), cancellationToken);
        if (extraIds > 0) report.Problems.Add($"entities: {extraIds} rows repeat an entity id already stored");
        if (extraKeys > 0) report.Problems.Add($"entities: {extraKeys} rows repeat a natural key already stored");
    }

    private async Task CheckFilesAsync(IntegrityReport report, CancellationToken cancellationToken)
    {
        var files = await Session.ReadAsync(
            "SELECT file_id, path, ingested_offset, ingested_lines, agent FROM files WHERE ingested_offset > 0 ORDER BY path",
            row => (FileId: row.GetString("file_id"), Path: row.GetString("path"), Offset: row.GetInt64("ingested_offset"), Lines: row.GetInt64("ingested_lines"),
                Agent: AgentNames.Parse(row.GetString("agent"))),
            cancellationToken);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var problems = await CheckFileAsync(file.FileId, file.Path, file.Agent, file.Offset, file.Lines, report, cancellationToken);
                report.FilesChecked++;
                report.Problems.AddRange(problems.Take(ProblemsShownPerFile).Select(p => $"{file.Path}: {p}"));
                if (problems.Count > ProblemsShownPerFile) report.Problems.Add($"{file.Path}: and {problems.Count - ProblemsShownPerFile} more lines that do not match");
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // The archive outlives its sources by design (old transcripts deleted): nothing to compare with.
                report.Notes.Add($"{file.Path}: not checked against its source, which no longer exists");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                report.Notes.Add($"{file.Path}: not checked against its source, which cannot be read ({ex.Message})");
            }
        }
    }

    private async Task<List<string>> CheckFileAsync(string fileId, string path, Agent agent, long ingestedOffset, long ingestedLines, IntegrityReport report, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await using var stream = TranscriptFileStream.OpenForReading(path);
        if (stream.Length < ingestedOffset)
        {
            problems.Add($"the source is {stream.Length:N0} bytes, shorter than the {ingestedOffset:N0} bytes ingested: it changed after it was read (the next run re-reads it)");
            return problems;
        }

        await using var stored = Session.StreamAsync(StoredLinesSql, cancellationToken, new DuckDBParameter("file", fileId)).GetAsyncEnumerator(cancellationToken);
        bool more = await stored.MoveNextAsync();

        // The ingested range's own bytes: its lines counted and its blocks fingerprinted as the reader passes them.
        var fingerprinter = new BlockFingerprinter();
        long linesInRange = 0;
        void Consumed(ReadOnlySpan<byte> bytes)
        {
            long room = ingestedOffset - fingerprinter.Offset;
            if (room <= 0) return;
            var inRange = bytes[..(int)Math.Min(bytes.Length, room)];
            fingerprinter.Append(inRange);
            linesInRange += inRange.Count((byte)'\n');
        }

        // The file is read as its source reads it: a JSONL file's lines, a document's items (counted as its lines).
        var source = TranscriptSources.For(agent);
        var described = new DiscoveredFile(fileId, path, "", Path.GetFileName(path), "", TranscriptFileKind.MainSession, stream.Length, default) { Agent = agent };
        bool isDocument = source.IsDocument(described);
        long itemsInRange = 0;
        var reader = source.ReaderFor(described, source.ParserFor(described), maxLineBytes);
        // A document that does not parse is stored as one dead letter, not as its items: find out first.
        var unreadable = isDocument ? await UnreadableAsync(reader, stream, cancellationToken) : null;
        if (unreadable is null)
        {
            await reader.ReadAsync(stream, 0, 1, async line =>
            {
                if (line.NextOffset > ingestedOffset) return;
                itemsInRange++;
                report.LinesChecked++;
                while (more && stored.Current.GetInt64("line_no") < line.LineNumber)
                {
                    problems.Add($"line {stored.Current.GetInt64("line_no"):N0} is stored but is blank or missing in the source");
                    more = await stored.MoveNextAsync();
                }
                if (!more || stored.Current.GetInt64("line_no") > line.LineNumber)
                {
                    problems.Add($"line {line.LineNumber:N0} is in the source but neither a record nor a dead letter");
                    return;
                }
                if (!SameLine(line, stored.Current.GetStringOrNull("raw"), stored.Current.GetStringOrNull("sha")))
                    problems.Add($"line {line.LineNumber:N0}: the stored line differs from the source");
                more = await stored.MoveNextAsync();
            }, cancellationToken, Consumed);
        }
        else
        {
            // A document that does not parse is stored as one dead letter: the whole file's SHA-256.
            var whole = await DocumentDeadLetter.ReadAsync(described, unreadable, cancellationToken);
            itemsInRange = 1;
            report.LinesChecked++;
            if (!more || stored.Current.GetInt64("line_no") != 1 || stored.Current.GetStringOrNull("sha") != whole.RawSha256)
                problems.Add("the document does not parse, and is not stored as the one dead letter it should be");
            else
                more = await stored.MoveNextAsync();
            fingerprinter = new BlockFingerprinter();
            using var handle = TranscriptFileStream.OpenHandle(path);
            await fingerprinter.FeedFromAsync(handle, ingestedOffset, cancellationToken);
        }
        while (more)
        {
            problems.Add($"line {stored.Current.GetInt64("line_no"):N0} is stored but is beyond the source's ingested range");
            more = await stored.MoveNextAsync();
        }

        if (isDocument) linesInRange = itemsInRange;
        if (linesInRange != ingestedLines)
            problems.Add($"the ingested range holds {linesInRange:N0} lines in the source, the warehouse says {ingestedLines:N0}");
        await CheckBlocksAsync(fileId, fingerprinter, problems, cancellationToken);
        return problems;
    }

    private static async Task<UnreadableDocumentException?> UnreadableAsync(ILineReader reader, Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            await reader.ReadAsync(stream, 0, 1, _ => ValueTask.CompletedTask, cancellationToken);
            return null;
        }
        catch (UnreadableDocumentException ex)
        {
            return ex;
        }
        finally
        {
            stream.Seek(0, SeekOrigin.Begin);
        }
    }

    private const string StoredLinesSql = """
        SELECT line_no, raw, NULL AS sha FROM records WHERE file_id = $file
        UNION ALL SELECT line_no, NULL, raw_sha256 FROM dead_letters WHERE file_id = $file
        ORDER BY line_no
        """;

    private WarehouseSession Session => warehouse.Session;

    /// <summary>A record's raw text byte for byte; a dead letter by the SHA-256 of its whole line.</summary>
    private static bool SameLine(in JsonlLine line, string? raw, string? sha256)
    {
        if (raw is not null) return !line.IsTooLong && line.Bytes.Span.SequenceEqual(Encoding.UTF8.GetBytes(raw));
        var actual = line.IsTooLong ? line.TooLongSha256 : Convert.ToHexStringLower(SHA256.HashData(line.Bytes.Span));
        return string.Equals(actual, sha256, StringComparison.Ordinal);
    }

    /// <summary>The block fingerprints stored at extraction (files read before they existed have none).</summary>
    private async Task CheckBlocksAsync(string fileId, BlockFingerprinter fingerprinter, List<string> problems, CancellationToken cancellationToken)
    {
        var expected = await FileBlockStore.LoadAsync(warehouse, fileId, cancellationToken);
        if (expected.Count == 0) return;
        var actual = fingerprinter.Drain();
        if (actual.Count != expected.Count)
        {
            problems.Add($"{expected.Count} block fingerprints stored, {actual.Count} blocks in the ingested range");
            return;
        }
        foreach (var (want, got) in expected.Zip(actual))
        {
            if (want == got) continue;
            problems.Add($"block {want.Index:N0} (bytes up to {want.EndOffset:N0}) changed since it was ingested (the next run re-reads the file)");
            return;
        }
    }
}
