namespace Hindsight.Stages.Stage;

/// <summary>The staging stage's own statements (the rebuild's are in <see cref="StagedTableBuilder"/> and <see cref="StagedFiles"/>).</summary>
internal static class StagingSql
{
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
