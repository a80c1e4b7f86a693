namespace Hindsight.Stages.Extract;

/// <summary>
/// Stage 1's SQL: the rows of a file read again whole are removed, each transaction stores its files' read positions and
/// block fingerprints beside its rows (<see cref="ExtractionWriter"/>), a pass that discovery refuses is taken back
/// (<see cref="ExtractionUndo"/>), and stored rows are redacted again when the secret rules change
/// (<see cref="RedactionUpgrade"/>). Values are bound as parameters; table names come from constant lists.
/// </summary>
internal static class ExtractSql
{
    /// <summary>Removes every row of one file (<c>$file</c>) from <paramref name="table"/>, a table keyed by file (<see cref="ExtractionUndo.LineKeyedTables"/> or file_blocks).</summary>
    public static string DeleteFileRows(string table) => $"DELETE FROM {table} WHERE file_id = $file";

    /// <summary>
    /// Moves the staged <c>file_positions</c> into <c>files</c> and empties them: a file whose read failed keeps its
    /// position and records the error; every other file takes its new position, run (<c>$run</c>) and a cleared error.
    /// </summary>
    public const string SavePositions = """
        UPDATE files SET last_ingest_error = p.error FROM file_positions p WHERE files.file_id = p.file_id AND p.error IS NOT NULL;
        UPDATE files SET ingested_offset = p.ingested_offset, ingested_lines = p.ingested_lines, head_sha256 = p.head_sha256,
            boundary_sha256 = p.boundary_sha256, ingested_size = p.ingested_size, ingested_mtime = p.ingested_mtime,
            partial_tail_bytes = p.partial_tail_bytes, generation = p.generation, last_ingested_run = $run, last_ingest_error = NULL
        FROM file_positions p WHERE files.file_id = p.file_id AND p.error IS NULL;
        DELETE FROM file_positions;
        """;

    /// <summary>Moves the staged <c>block_positions</c> into <c>file_blocks</c> (a block extended again takes its new hash) and empties them.</summary>
    public const string SaveBlocks = """
        INSERT OR REPLACE INTO file_blocks SELECT file_id, block_index, end_offset, hash FROM block_positions;
        DELETE FROM block_positions;
        """;

    /// <summary>One file's (<c>$file</c>) stored block fingerprints, in order.</summary>
    public const string FileBlocks = "SELECT block_index, end_offset, hash FROM file_blocks WHERE file_id = $file ORDER BY block_index";

    /// <summary>Whether the warehouse has <c>file_blocks</c> at all (a read-only warehouse from before block fingerprints is not migrated).</summary>
    public const string FileBlocksExists = "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'file_blocks'";

    /// <summary>How many of the redaction functions this connection has registered already (two when both are).</summary>
    public const string RedactionFunctionsRegistered =
        "SELECT count(*) FROM duckdb_functions() WHERE function_name IN ('hindsight_redact_secrets', 'hindsight_redact_json')";

    /// <summary>The columns of <c>files</c> that stage 1 writes as it reads (a file's read position), kept by the undo notes.</summary>
    private const string PositionColumns = """
        ingested_offset, ingested_lines, head_sha256, boundary_sha256, ingested_size, ingested_mtime,
        partial_tail_bytes, generation, last_ingested_run, last_ingest_error
        """;

    /// <summary>
    /// The undo notes taken before a pass, from the staged <c>undo_plans</c>: each planned file's read position and block
    /// fingerprints (temp tables <c>undo_positions</c>, <c>undo_file_blocks</c>). <see cref="KeepReplacedRows"/> follows
    /// for each line-keyed table.
    /// </summary>
    public const string KeepPositions = $"""
        CREATE OR REPLACE TEMP TABLE undo_positions AS
            SELECT file_id, {PositionColumns} FROM files WHERE file_id IN (SELECT file_id FROM undo_plans);
        CREATE OR REPLACE TEMP TABLE undo_file_blocks AS
            SELECT * FROM file_blocks WHERE file_id IN (SELECT file_id FROM undo_plans);
        """;

    /// <summary>Keeps the rows of <paramref name="table"/> of every file the pass replaces whole (temp table <c>undo_&lt;table&gt;</c>).</summary>
    public static string KeepReplacedRows(string table) =>
        $"CREATE OR REPLACE TEMP TABLE undo_{table} AS SELECT * FROM {table} WHERE file_id IN (SELECT file_id FROM undo_plans WHERE replaces);\n";

    /// <summary>
    /// The empty <c>undo_&lt;table&gt;</c> of a pass that replaces no file: <see cref="KeepReplacedRows"/> would find no row,
    /// after scanning the five tables for it (a 100-line append on the seed corpus: the undo notes took 95 ms that way,
    /// 8 ms this way).
    /// </summary>
    public static string KeepNoRows(string table) => $"CREATE OR REPLACE TEMP TABLE undo_{table} AS SELECT * FROM {table} LIMIT 0;\n";

    /// <summary>Removes the pass's rows of <paramref name="table"/> (at or after each file's first new line) and puts back the rows it replaced.</summary>
    public static string RestoreRows(string table) => $"""
        DELETE FROM {table} WHERE EXISTS (
            SELECT 1 FROM undo_plans p WHERE p.file_id = {table}.file_id AND {table}.line_no >= p.start_line);
        INSERT INTO {table} SELECT * FROM undo_{table};

        """;

    /// <summary>
    /// Puts back the planned files' block fingerprints and read positions: blocks the pass added go, the ones it extended
    /// get their old hash back (an upsert: a key deleted and inserted again in one transaction is refused by DuckDB's
    /// unique index).
    /// </summary>
    public const string RestorePositions = """
        DELETE FROM file_blocks WHERE file_id IN (SELECT file_id FROM undo_plans) AND NOT EXISTS (
            SELECT 1 FROM undo_file_blocks u WHERE u.file_id = file_blocks.file_id AND u.block_index = file_blocks.block_index);
        INSERT OR REPLACE INTO file_blocks SELECT * FROM undo_file_blocks;
        UPDATE files SET ingested_offset = p.ingested_offset, ingested_lines = p.ingested_lines, head_sha256 = p.head_sha256,
            boundary_sha256 = p.boundary_sha256, ingested_size = p.ingested_size, ingested_mtime = p.ingested_mtime,
            partial_tail_bytes = p.partial_tail_bytes, generation = p.generation, last_ingested_run = p.last_ingested_run,
            last_ingest_error = p.last_ingest_error
        FROM undo_positions p WHERE files.file_id = p.file_id;
        """;

    /// <summary>Drops the undo notes of the plans, positions and blocks (the line-keyed tables' notes follow, <see cref="DropReplacedRows"/>).</summary>
    public const string DropUndoNotes = "DROP TABLE IF EXISTS undo_plans; DROP TABLE IF EXISTS undo_positions; DROP TABLE IF EXISTS undo_file_blocks; ";

    /// <summary>Drops the kept rows of <paramref name="table"/>.</summary>
    public static string DropReplacedRows(string table) => $"DROP TABLE IF EXISTS undo_{table};";

    /// <summary>
    /// Redaction upgrade, content blocks: the rows whose text or tool input the current rules redact differently, into
    /// the temp table <c>redaction_changes</c> (few rows; the next statement rewrites just those).
    /// </summary>
    public const string CollectBlockRedactions = """
        CREATE OR REPLACE TEMP TABLE redaction_changes AS
        SELECT * FROM (SELECT rowid AS row_id, text AS old_text, hindsight_redact_secrets(text) AS new_text,
                              tool_input AS old_input, hindsight_redact_json(tool_input) AS new_input
                       FROM content_blocks WHERE text IS NOT NULL OR tool_input IS NOT NULL)
        WHERE new_text IS DISTINCT FROM old_text OR new_input IS DISTINCT FROM old_input
        """;

    /// <summary>Rewrites the content blocks collected by <see cref="CollectBlockRedactions"/>.</summary>
    public const string ApplyBlockRedactions = """
        UPDATE content_blocks SET text = c.new_text, tool_input = c.new_input FROM redaction_changes c WHERE content_blocks.rowid = c.row_id
        """;

    /// <summary>Redaction upgrade, messages: the rows whose cleaned text the current rules redact differently.</summary>
    public const string CollectMessageRedactions = """
        CREATE OR REPLACE TEMP TABLE redaction_changes AS
        SELECT * FROM (SELECT rowid AS row_id, text AS old_text, hindsight_redact_secrets(text) AS new_text FROM messages WHERE text IS NOT NULL)
        WHERE new_text IS DISTINCT FROM old_text
        """;

    /// <summary>Rewrites the messages collected by <see cref="CollectMessageRedactions"/>.</summary>
    public const string ApplyMessageRedactions = """
        UPDATE messages SET text = c.new_text FROM redaction_changes c WHERE messages.rowid = c.row_id
        """;

    /// <summary>Redaction upgrade, corrections: the rows whose original, corrected text or reason the current rules redact differently.</summary>
    public const string CollectCorrectionRedactions = """
        CREATE OR REPLACE TEMP TABLE redaction_changes AS
        SELECT * FROM (SELECT rowid AS row_id, original_text, hindsight_redact_secrets(original_text) AS new_original,
                              corrected_text, hindsight_redact_secrets(corrected_text) AS new_corrected,
                              reason, hindsight_redact_secrets(reason) AS new_reason FROM corrections)
        WHERE new_original IS DISTINCT FROM original_text OR new_corrected IS DISTINCT FROM corrected_text OR new_reason IS DISTINCT FROM reason
        """;

    /// <summary>Rewrites the corrections collected by <see cref="CollectCorrectionRedactions"/>.</summary>
    public const string ApplyCorrectionRedactions = """
        UPDATE corrections SET original_text = c.new_original, corrected_text = c.new_corrected, reason = c.new_reason
        FROM redaction_changes c WHERE corrections.rowid = c.row_id
        """;

    /// <summary>Redaction upgrade, correction cache: the entries whose corrected text or reason the current rules redact differently.</summary>
    public const string CollectCacheRedactions = """
        CREATE OR REPLACE TEMP TABLE redaction_changes AS
        SELECT * FROM (SELECT rowid AS row_id, corrected_protected_text, hindsight_redact_secrets(corrected_protected_text) AS new_text,
                              reason, hindsight_redact_secrets(reason) AS new_reason FROM correction_cache)
        WHERE new_text IS DISTINCT FROM corrected_protected_text OR new_reason IS DISTINCT FROM reason
        """;

    /// <summary>Rewrites the cache entries collected by <see cref="CollectCacheRedactions"/>.</summary>
    public const string ApplyCacheRedactions = """
        UPDATE correction_cache SET corrected_protected_text = c.new_text, reason = c.new_reason FROM redaction_changes c WHERE correction_cache.rowid = c.row_id
        """;

    /// <summary>How many rows the last collect statement found.</summary>
    public const string CountRedactionChanges = "SELECT count(*) FROM redaction_changes";

    /// <summary>Drops the collected changes once every table is done.</summary>
    public const string DropRedactionChanges = "DROP TABLE IF EXISTS redaction_changes";

    /// <summary>Every dead letter, redacted again in .NET (their prefix is bytes that may not be UTF-8).</summary>
    public const string DeadLetters = "SELECT rowid, file_id, line_no, byte_offset, reason, detail, raw_prefix, raw_length, raw_sha256 FROM dead_letters";

    /// <summary>Rewrites one dead letter (<c>$row</c>) with its redacted detail and prefix.</summary>
    public const string UpdateDeadLetter = "UPDATE dead_letters SET detail = $detail, raw_prefix = $prefix WHERE rowid = $row";
}
