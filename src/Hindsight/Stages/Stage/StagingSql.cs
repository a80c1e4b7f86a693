namespace Hindsight.Stages.Stage;

/// <summary>The staging stage's statements (those that find the changed files are in <see cref="StagedFiles"/>).</summary>
internal static class StagingSql
{
    /// <summary>
    /// Each staged row's fingerprint, for the files in <c>$files</c> and their lines from <c>$first_line</c> to <c>$last_line</c>. The redaction version is part of
    /// it (as before the view), so fingerprints of warehouses staged by earlier releases stay valid. It is DuckDB's 64-bit
    /// hash: it only tells whether a row changed, and a DuckDB version that hashes differently costs one restaging.
    /// </summary>
    public const string Fingerprints = """
        SELECT entity_id,
               hash(concat_ws(chr(31), coalesce(text, ''), metadata, coalesce(tool_output, ''), coalesce(cost_usd::VARCHAR, ''),
                              coalesce(parent_id, ''), coalesce(source_file, ''), coalesce(tool_input, ''), $redaction))::VARCHAR AS fingerprint
        FROM claude_code_stage_4_content($files, first_line := $first_line, last_line := $last_line)
        """;

    /// <summary>This build's fingerprints (an id and a hash a row: the texts are hashed as they are read, never held).</summary>
    public const string CreateFingerprints = "CREATE OR REPLACE TEMP TABLE staged_fingerprints (entity_id VARCHAR, fingerprint VARCHAR)";

    /// <summary>One range's fingerprints (<c>$files</c>, <c>$first_line</c>, <c>$last_line</c>, <c>$redaction</c>).</summary>
    public const string InsertFingerprints = "INSERT INTO staged_fingerprints " + Fingerprints;

    /// <summary>
    /// Rows of the changed files' entities whose content changed (or that the content no longer holds). Rows of
    /// unchanged files are not read: their inputs, and so their fingerprints, are as staged. Explicit (anti-)joins on
    /// the id: DuckDB then hashes the narrow side once (correlated NOT EXISTS and OR cost it several times as much).
    /// </summary>
    public const string RemoveChangedRows = $"""
        DELETE FROM claude_code_stage_4_rows WHERE entity_id IN (
            SELECT s.entity_id FROM claude_code_stage_4_rows s
            JOIN (SELECT entity_id FROM entities WHERE level IN (5, 3) AND file_id IN (SELECT file_id FROM {StagedFiles.ChangedFilesTable})) e
                ON e.entity_id = s.entity_id
            ANTI JOIN staged_fingerprints d ON d.entity_id = s.entity_id AND d.fingerprint = s.fingerprint)
        """;

    /// <summary>Rows of entities that are gone.</summary>
    public const string RemoveGoneRows = """
        DELETE FROM claude_code_stage_4_rows WHERE entity_id IN (
            SELECT s.entity_id FROM claude_code_stage_4_rows s
            ANTI JOIN (SELECT entity_id FROM entities WHERE level IN (5, 3)) e ON e.entity_id = s.entity_id)
        """;

    /// <summary>A row for each fingerprinted entity not staged (new, or removed above for its changed content), by run <c>$run</c>.</summary>
    public const string InsertNewRows = """
        INSERT INTO claude_code_stage_4_rows
        SELECT d.entity_id, d.fingerprint, now(), $run FROM staged_fingerprints d
        WHERE NOT EXISTS (SELECT 1 FROM claude_code_stage_4_rows s WHERE s.entity_id = d.entity_id)
        """;

    public const string DropFingerprints = "DROP TABLE staged_fingerprints";

    /// <summary>Rows of the staged table, counted on its narrow table (the view holds exactly these rows after a build).</summary>
    public const string CountStaged = "SELECT count(*) FROM claude_code_stage_4_rows";

    /// <summary>
    /// What the staged table is made from, one aggregate each (the stage's fingerprint, with the redaction version added,
    /// so a change of the secret rules restages the rows). The row count of its narrow table guards against outside edits.
    /// Unchanged from when these were stage 4's (stage_state row 40, renumbered 5 by migration 18): the fingerprints that
    /// existing warehouses remember stay valid.
    /// </summary>
    public static readonly string[] Inputs =
    [
        "SELECT count(*), sum(hash(entity_id, file_id, line_no, parent_id)) FROM entities WHERE level IN (5, 3)",
        "SELECT count(*), sum(hash(file_id, line_no, ingest_run_id, is_duplicate, kind)) FROM messages",
        "SELECT count(*), sum(hash(entity_id, status, settled_at)) FROM corrections",
        "SELECT count(*), sum(hash(file_id, line_no, cost_usd)) FROM api_calls",
        "SELECT count(*) FROM claude_code_stage_4_rows",
    ];

    /// <summary>
    /// Forgets what every file was staged from, so the next staging fingerprints every file again: for a change to the
    /// texts that none of <see cref="Inputs"/> sees (stage 4 scrubbing the provider's key from stored texts).
    /// </summary>
    public const string ForgetStagedFiles = "DELETE FROM staged_files";

    /// <summary>Forgets the stage's fingerprint (stage_state row <c>$stage</c>), so the next run does not skip it.</summary>
    public const string ForgetFingerprint = "DELETE FROM stage_state WHERE stage = $stage";
}
