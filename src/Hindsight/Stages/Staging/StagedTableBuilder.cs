using DuckDB.NET.Data;

namespace Hindsight.Stages.Staging;

/// <summary>
/// Upserts the seed's staged table <c>claude_code_stage_4</c>: one row per message entity (and per typed-text
/// entity: what a person typed inside a tool result, level 3, whose tool columns stay empty), with the
/// corrected text for corrected prompts and the cleaned text otherwise, original and corrected text
/// in the metadata JSON (texts over 64 KiB are not repeated there: such prompts are never sent for
/// correction, <c>corrections</c> keeps them whole, and DuckDB's JSON functions need several times a
/// string's size in memory). Set-based: rows whose content fingerprint is unchanged are left alone (with
/// their created_at and run id), changed rows are replaced, rows of entities that are gone are removed.
/// Tool inputs and outputs are copied from content blocks, redacted when stage 1 wrote them (and again when the
/// secret rules change), so a key in a Bash command or in a printed file does not reach the staged table.
/// </summary>
/// <param name="sliceEntities">About how many message entities each statement builds (a file is never split).</param>
public sealed class StagedTableBuilder(Warehouse.Warehouse warehouse, long sliceEntities = 25_000)
{
    /// <summary>
    /// The rows the staged table should hold for the files from <c>$first</c> to <c>$last</c> (one slice), with a
    /// fingerprint of their content. A query, not a temp table of all rows: DuckDB keeps temp tables in memory, and
    /// these rows carry every text of the warehouse. Every large table is narrowed to the slice in its own subquery,
    /// so the filter reaches its scan (an extra condition inside a LEFT JOIN's ON would cost DuckDB its hash join).
    /// The first tool block of a message is found by its index (a small aggregate of integers) and joined, rather
    /// than carried through an aggregate with its text. The fingerprint includes the redaction version, so a change of
    /// the secret rules (which redacts content blocks again) rebuilds the rows. The fingerprint is
    /// DuckDB's 64-bit hash, not SHA-256 (three times faster here): it only tells whether a row changed, and a new
    /// DuckDB version that hashes differently costs one full rebuild.
    /// </summary>
    private const string Desired = """
        WITH tool_blocks AS (
            SELECT file_id, line_no,
                   min(block_index) FILTER (WHERE block_type IN ('tool_use', 'server_tool_use')) AS use_index,
                   min(block_index) FILTER (WHERE block_type = 'tool_result') AS result_index
            FROM content_blocks
            WHERE block_type IN ('tool_use', 'server_tool_use', 'tool_result') AND file_id BETWEEN $first AND $last
            GROUP BY file_id, line_no
        ),
        rows AS (
            SELECT e.entity_id, e.file_id, e.parent_id, e.source_name, 'claude_code' AS source_pipeline, e.level,
                   CASE WHEN c.status = 'corrected' THEN c.corrected_text ELSE m.text END AS text,
                   m.session_id, m.line_no AS message_index, m.kind AS message_type, m.role,
                   m.content_length, m.word_count, m.model, a.cost_usd,
                   CASE WHEN e.level = 5 THEN tu.tool_name END AS tool_name,
                   CASE WHEN e.level = 5 THEN tu.tool_input END AS raw_tool_input,
                   CASE WHEN e.level = 5 THEN tr.text END AS raw_tool_output,
                   f.path AS source_file, m.content_date, m.timestamp_utc,
                   json_object(
                       'record_type', m.record_type, 'kind', m.kind, 'confidence', m.confidence, 'uuid', m.uuid,
                       'is_sidechain', m.is_sidechain, 'agent_id', m.agent_id, 'block_index', m.block_index,
                       'correction_status', c.status, 'correction_reason', c.reason,
                       'original_text', CASE WHEN c.status IS NOT NULL AND length(c.original_text) <= 65536 THEN c.original_text END,
                       'corrected_text', CASE WHEN c.status IS NOT NULL AND length(c.corrected_text) <= 65536 THEN c.corrected_text END,
                       'correction_cost_usd', c.cost_usd, 'correction_model', c.model, 'prompt_version', c.prompt_version
                   )::VARCHAR AS metadata
            FROM entities e
            JOIN (SELECT * FROM messages WHERE file_id BETWEEN $first AND $last) m
                ON m.file_id = e.file_id AND m.line_no = e.line_no AND coalesce(m.block_index, -1) = coalesce(e.block_index, -1)
            JOIN files f ON f.file_id = e.file_id
            LEFT JOIN corrections c ON c.entity_id = e.entity_id
            LEFT JOIN (SELECT * FROM api_calls WHERE file_id BETWEEN $first AND $last) a ON a.file_id = e.file_id AND a.line_no = e.line_no
            LEFT JOIN tool_blocks t ON t.file_id = e.file_id AND t.line_no = e.line_no
            LEFT JOIN (SELECT * FROM content_blocks WHERE file_id BETWEEN $first AND $last) tu ON tu.file_id = e.file_id AND tu.line_no = e.line_no AND tu.block_index = t.use_index
            LEFT JOIN (SELECT * FROM content_blocks WHERE file_id BETWEEN $first AND $last) tr ON tr.file_id = e.file_id AND tr.line_no = e.line_no AND tr.block_index = t.result_index
            WHERE e.level IN (5, 3) AND e.file_id BETWEEN $first AND $last
        )
        SELECT *, hash(concat_ws(chr(31), coalesce(text, ''), metadata, coalesce(raw_tool_output, ''), coalesce(cost_usd::VARCHAR, ''),
                                   coalesce(parent_id, ''), coalesce(source_file, ''), coalesce(raw_tool_input, ''), $redaction))::VARCHAR AS fingerprint
        FROM rows
        """;

    public async Task<(long Inserted, long Removed, long Total)> RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var redaction = new DuckDBParameter("redaction", Cleaning.SecretRedactor.Version);
        // A range of files at a time (one file is never split): each statement's joins work on a slice, not the
        // corpus. (The whole build still needs more than a 512 MB DuckDB limit at the heavy scale, 2.3 GB of
        // transcripts: the transaction's new rows are held until it commits; committing per slice did not help.)
        var slices = await Warehouse.FileRanges.ReadAsync(warehouse.Connection,
            "SELECT file_id, count(*) FROM entities WHERE level IN (5, 3) GROUP BY file_id ORDER BY file_id", sliceEntities, cancellationToken);
        using var transaction = warehouse.Connection.BeginTransaction();
        long removed = await RemoveChangedAsync(slices, redaction, cancellationToken);
        long inserted = 0;
        foreach (var slice in slices)
        {
            inserted += await warehouse.ExecuteAsync($"""
                INSERT INTO claude_code_stage_4
                SELECT d.entity_id, d.parent_id, d.source_name, d.source_pipeline, d.level, d.text, d.session_id, d.message_index,
                       d.message_type, d.role, d.content_length, d.word_count, d.model, d.cost_usd, d.tool_name,
                       d.raw_tool_input, d.raw_tool_output,
                       d.source_file, d.content_date, d.timestamp_utc, now(), d.metadata, d.fingerprint, $run
                FROM ({Desired}) d
                WHERE NOT EXISTS (SELECT 1 FROM claude_code_stage_4 s WHERE s.entity_id = d.entity_id)
                """, cancellationToken, [new DuckDBParameter("run", runId), redaction, .. Warehouse.FileRanges.Bounds(slice)]);
        }
        var total = await CountAsync(cancellationToken);
        transaction.Commit();
        return (inserted, removed, total);
    }

    /// <summary>
    /// Removes staged rows whose entity is gone or whose fingerprint changed. Fingerprints are taken first (no
    /// redaction, a small table), so that full rows are built once, and only for what changed.
    /// </summary>
    private async Task<long> RemoveChangedAsync(List<(string First, string Last)> slices, DuckDBParameter redaction, CancellationToken cancellationToken)
    {
        if (await CountAsync(cancellationToken) == 0) return 0;
        await warehouse.ExecuteAsync("CREATE OR REPLACE TEMP TABLE staged_fingerprints (entity_id VARCHAR, fingerprint VARCHAR)", cancellationToken);
        foreach (var slice in slices)
        {
            await warehouse.ExecuteAsync($"""
                INSERT INTO staged_fingerprints
                SELECT entity_id, fingerprint FROM ({Desired})
                """, cancellationToken, [redaction, .. Warehouse.FileRanges.Bounds(slice)]);
        }
        long removed = await warehouse.ExecuteAsync("""
            DELETE FROM claude_code_stage_4 s
            WHERE NOT EXISTS (SELECT 1 FROM staged_fingerprints d WHERE d.entity_id = s.entity_id AND d.fingerprint = s.fingerprint)
            """, cancellationToken);
        await warehouse.ExecuteAsync("DROP TABLE staged_fingerprints", cancellationToken);
        return removed;
    }

    private async Task<long> CountAsync(CancellationToken cancellationToken) =>
        Convert.ToInt64(await warehouse.ScalarAsync("SELECT count(*) FROM claude_code_stage_4", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
}
