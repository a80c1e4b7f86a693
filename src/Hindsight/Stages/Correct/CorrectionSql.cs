namespace Hindsight.Stages.Correct;

/// <summary>Stage 4's own statements (its targets, cache and results have theirs in their readers and writers).</summary>
internal static class CorrectionSql
{
    /// <summary>Successful runs of stage 3 on this warehouse: without one there are no entities to correct.</summary>
    public const string IdentityRuns = "SELECT count(*) FROM run_stages WHERE stage = 3 AND status = $succeeded";
}
