namespace Hindsight.Stages.Clean;

/// <summary>
/// Keeps stage 2's narrow key tables for one slice of changed files, and names the keys the slice touches:
/// <list type="bullet">
/// <item><c>usage_lines</c>: every line with usage (assistant lines and subagent calls copied into progress
/// records), typed, so that API calls are grouped without reading records or their raw JSON again;</item>
/// <item><c>uuidless_lines</c>: the SHA-256 of every record line without uuid, which copied lines are matched by and
/// stage 3 keys those messages by, so neither reads raw text of files that did not change.</item>
/// </list>
/// The keys touched are those of the slice's rows before and after: a line removed (a file read again whole) still
/// names the call or copy it took part in. No raw JSON is read: stage 1 stores the hash of each line without uuid and
/// the typed values of each copied call as it walks the line (reading the raw column decompressed whole vectors of it
/// outside DuckDB's memory limit, stage 2's peak memory on large sessions).
/// </summary>
public sealed class DerivedKeyTables(Warehouse.Warehouse warehouse)
{
    /// <summary>Message ids of the API calls the slice's usage lines take part in, before and after (temp table, one column <c>message_id</c>).</summary>
    public const string TouchedCallKeys = "touched_call_keys";

    /// <summary>(session_id, record_type, raw_sha256) of the slice's lines without uuid, before and after (temp table).</summary>
    public const string TouchedLineKeys = "touched_line_keys";

    private static readonly string InSlice = DerivedFiles.InSlice("file_id");

    /// <summary>
    /// The slice's records by the range of row ids they occupy first (<see cref="SliceRows"/>): DuckDB then skips the
    /// vectors of records outside it before it reads their columns (a semi-join alone reads every record, once per slice).
    /// </summary>
    private static readonly string RecordsInSlice = $"r.rowid BETWEEN $first_record AND $last_record AND r.{InSlice}";

    private static readonly string OwnUsageLines = $"""
        INSERT INTO usage_lines
        SELECT r.file_id, r.line_no, r.uuid, r.parent_uuid, r.message_id, r.request_id, r.message_model, r.session_id, r.agent_id,
               coalesce(r.is_sidechain, false), r."timestamp",
               coalesce(r.input_tokens, 0), coalesce(r.output_tokens, 0),
               coalesce(r.cache_creation_5m_tokens, 0), coalesce(r.cache_creation_1h_tokens, 0),
               CASE WHEN r.cache_creation_5m_tokens IS NULL AND r.cache_creation_1h_tokens IS NULL
                    THEN coalesce(r.cache_creation_tokens, 0) ELSE 0 END,
               coalesce(r.cache_read_tokens, 0), r.speed, r.cost_usd,
               coalesce(r.is_api_error_message, false), r.stop_reason, false
        FROM records r
        WHERE {RecordsInSlice} AND r.type = 'assistant' AND (r.input_tokens IS NOT NULL OR r.output_tokens IS NOT NULL)
          AND coalesce(r.message_model, '') <> '<synthetic>'
        """;

    /// <summary>
    /// A subagent's call as its parent's progress record copies it (<c>data.message</c>): see <see cref="ApiCallBuilder"/>.
    /// Stage 1 reads the copy in its walk of the line (<c>progress_copies</c>, one row per progress line that copies a call
    /// with usage, the agent id and time already falling back to the line's own), so no raw JSON is read here.
    /// </summary>
    private static readonly string ProgressCopies = $"""
        INSERT INTO usage_lines
        SELECT file_id, line_no, NULL, NULL, message_id, request_id, model, session_id, agent_id, true, "timestamp",
               input_tokens, output_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens, cache_creation_unsplit_tokens,
               cache_read_tokens, speed, NULL::DOUBLE, false, stop_reason, true
        FROM progress_copies
        WHERE {InSlice}
        """;

    /// <summary>
    /// Lines without uuid (or with an empty one, which stage 3 treats alike), with the session stage 2 gave them, and the
    /// SHA-256 stage 1 stored for each such line (<c>records.raw_sha256</c>): only that narrow column of the slice's records
    /// is read, never their raw text.
    /// </summary>
    private static readonly string UuidlessLines = $"""
        INSERT INTO uuidless_lines
        WITH raw_hashes AS (
            SELECT r.file_id, r.line_no, r.raw_sha256 FROM records r WHERE {RecordsInSlice} AND r.raw_sha256 IS NOT NULL
        )
        SELECT m.file_id, m.line_no, m.session_id, m.record_type, m.uuid IS NULL, h.raw_sha256
        FROM messages m JOIN raw_hashes h ON h.file_id = m.file_id AND h.line_no = m.line_no
        WHERE m.{InSlice} AND m.block_index IS NULL AND nullif(m.uuid, '') IS NULL
        """;

    private static readonly string CallKeysOfSlice =
        $"INSERT INTO {TouchedCallKeys} SELECT DISTINCT message_id FROM usage_lines WHERE {InSlice} AND message_id IS NOT NULL";

    private static readonly string LineKeysOfSlice = $"""
        INSERT INTO {TouchedLineKeys}
        SELECT DISTINCT session_id, record_type, raw_sha256 FROM uuidless_lines WHERE {InSlice} AND uuid_is_null
        """;

    /// <summary>Replaces the slice's rows of both tables and fills <see cref="TouchedCallKeys"/> and <see cref="TouchedLineKeys"/>.</summary>
    /// <param name="records">The row ids of the slice's records (<see cref="DerivedFiles.BeginSliceAsync"/>).</param>
    public async Task RefreshSliceAsync(SliceRows.RowRange records, CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync($"CREATE OR REPLACE TEMP TABLE {TouchedCallKeys} (message_id VARCHAR)", cancellationToken);
        await warehouse.ExecuteAsync($"CREATE OR REPLACE TEMP TABLE {TouchedLineKeys} (session_id VARCHAR, record_type VARCHAR, raw_sha256 VARCHAR)", cancellationToken);
        await warehouse.ExecuteAsync(CallKeysOfSlice, cancellationToken);
        await warehouse.ExecuteAsync(LineKeysOfSlice, cancellationToken);
        await warehouse.ExecuteAsync($"DELETE FROM usage_lines WHERE {InSlice}", cancellationToken);
        await warehouse.ExecuteAsync($"DELETE FROM uuidless_lines WHERE {InSlice}", cancellationToken);
        await warehouse.ExecuteAsync(OwnUsageLines, cancellationToken, records.Parameters("record"));
        await warehouse.ExecuteAsync(ProgressCopies, cancellationToken);
        await warehouse.ExecuteAsync(UuidlessLines, cancellationToken, records.Parameters("record"));
        await warehouse.ExecuteAsync(CallKeysOfSlice, cancellationToken);
        await warehouse.ExecuteAsync(LineKeysOfSlice, cancellationToken);
    }

    public async Task DropTouchedKeysAsync(CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {TouchedCallKeys}", cancellationToken);
        await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {TouchedLineKeys}", cancellationToken);
    }
}
