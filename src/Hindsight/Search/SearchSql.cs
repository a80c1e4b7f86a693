using Hindsight.Messages;

namespace Hindsight.Search;

/// <summary>
/// The search index's SQL: what is indexed (<see cref="Indexed"/>), each file's fingerprint of it, and the watermark
/// (migration 21): <c>search_index</c> names the index the watermark belongs to, <c>search_index_files</c> holds the
/// fingerprint of each file's documents as they were last committed to it.
/// </summary>
internal static class SearchSql
{
    /// <summary>The indexed kinds as a SQL list.</summary>
    private static readonly string KindList = MessageKindNames.SqlList(SearchIndexedKinds.All);

    /// <summary>
    /// Each file's fingerprint of what its documents are made of, read without any text: its message rows (a re-read
    /// file has a new ingest run, a re-derived one new duplicate marks or kinds), its corrected prompts (a re-correction),
    /// and <c>$with</c> (the redaction rules' version and the index's format: a change re-indexes every file).
    /// </summary>
    public static readonly string CurrentFiles = $"""
        CREATE OR REPLACE TEMP TABLE search_current AS
        WITH message_rows AS (
            SELECT file_id, count(*) AS n, sum(hash(line_no, block_index, kind, is_duplicate, ingest_run_id)) AS h
            FROM messages WHERE kind IN ({KindList}) GROUP BY file_id
        ), corrected AS (
            SELECT e.file_id, sum(hash(e.entity_id, c.corrected_text)) AS h
            FROM corrections c JOIN entities e ON e.entity_id = c.entity_id
            WHERE c.status = 'corrected' GROUP BY e.file_id
        )
        SELECT r.file_id, r.n::VARCHAR || ':' || r.h::VARCHAR || ':' || coalesce(f.h, 0)::VARCHAR || ':' || $with AS fingerprint
        FROM message_rows r LEFT JOIN corrected f ON f.file_id = r.file_id
        """;

    /// <summary>Files whose documents differ from what the watermark says the index holds (new, changed); all of them for a rebuild.</summary>
    public const string ChangedFiles = """
        CREATE OR REPLACE TEMP TABLE search_changed AS
        SELECT c.file_id FROM search_current c
        LEFT JOIN search_index_files s ON s.file_id = c.file_id
        WHERE $rebuild OR s.fingerprint IS DISTINCT FROM c.fingerprint
        """;

    /// <summary>The changed files in file id order, with how many transcript bytes each holds (what sizes a slice of them).</summary>
    public const string ChangedFileSizes = """
        SELECT c.file_id, coalesce(f.ingested_offset, 0) AS bytes
        FROM search_changed c LEFT JOIN files f ON f.file_id = c.file_id
        ORDER BY c.file_id
        """;

    /// <summary>Files the watermark holds that have no documents now (forgotten, or every message became a duplicate).</summary>
    public const string GoneFileIds = """
        SELECT s.file_id FROM search_index_files s
        WHERE NOT EXISTS (SELECT 1 FROM search_current c WHERE c.file_id = s.file_id)
        """;

    /// <summary>Every file that has documents now (to find files the index holds that the watermark lost track of).</summary>
    public const string CurrentFileIds = "SELECT file_id FROM search_current";

    /// <summary>
    /// The documents of a slice of the changed files (<c>$files</c>), in order: every indexed message that is not a duplicate and has text, with
    /// its corrected text when stage 4 corrected it, and a tool result's text from its content block (its first
    /// <c>$tool_chars</c> characters: the error or the head of an output, not a whole file's content), with the agent
    /// that wrote the message. The tool result's join compares <c>kind</c> as a column on both sides: a condition on
    /// the left side alone (<c>m.kind = 'tool_result' AND ...</c>) makes DuckDB plan a blockwise nested-loop join,
    /// 4x slower on the seed corpus; the text is cut before the join, so the join's hash table holds heads, not outputs.
    /// A slice at a time: over every file at once (a first indexing) the statement sorted the corpus's texts, and on the
    /// heavy benchmark corpus ran out of memory at the default 256 MB.
    /// </summary>
    public static readonly string ChangedDocuments = $"""
        SELECT * FROM (
            SELECT m.file_id, m.line_no, coalesce(m.block_index, tr.block_index) AS block_index, m.kind, m.project,
                   m.session_id, m.timestamp_utc,
                   CASE WHEN m.kind = 'tool_result' THEN tr.text ELSE m.text END AS text,
                   c.corrected_text, m.agent
            FROM (SELECT * FROM messages
                  WHERE list_contains($files, file_id) AND kind IN ({KindList}) AND NOT is_duplicate) m
            LEFT JOIN (SELECT file_id, line_no, block_index, left(text, $tool_chars) AS text, 'tool_result' AS kind FROM content_blocks
                       WHERE block_type = 'tool_result' AND list_contains($files, file_id)) tr
                ON tr.kind = m.kind AND tr.file_id = m.file_id AND tr.line_no = m.line_no
            LEFT JOIN (SELECT entity_id, file_id, line_no, block_index FROM entities
                       WHERE level IN (5, 3) AND list_contains($files, file_id)) e
                ON e.file_id = m.file_id AND e.line_no = m.line_no AND coalesce(e.block_index, -1) = coalesce(m.block_index, -1)
            LEFT JOIN corrections c ON c.entity_id = e.entity_id AND c.status = 'corrected' AND c.corrected_text <> m.text
        )
        WHERE text IS NOT NULL AND text <> ''
        ORDER BY file_id, line_no, block_index
        """;

    /// <summary>The id of the index the watermark belongs to (none before the first indexing).</summary>
    public const string IndexId = "SELECT index_id FROM search_index LIMIT 1";

    // The watermark moves only after the index has committed: a crash in between leaves it behind, never ahead.
    public const string ForgetAllFiles = "DELETE FROM search_index_files";
    public const string ForgetChangedAndGone = """
        DELETE FROM search_index_files
        WHERE file_id IN (SELECT file_id FROM search_changed)
           OR NOT EXISTS (SELECT 1 FROM search_current c WHERE c.file_id = search_index_files.file_id)
        """;
    public const string RememberChanged = """
        INSERT INTO search_index_files (file_id, fingerprint)
        SELECT file_id, fingerprint FROM search_current WHERE file_id IN (SELECT file_id FROM search_changed)
        """;
    public const string ForgetIndexId = "DELETE FROM search_index";
    public const string RememberIndexId = "INSERT INTO search_index (index_id) VALUES ($index_id)";

    public const string DropTemporary = "DROP TABLE IF EXISTS search_changed; DROP TABLE IF EXISTS search_current;";
}
