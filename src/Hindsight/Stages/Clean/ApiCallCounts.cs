namespace Hindsight.Stages.Clean;

/// <summary>What a rebuild of <c>api_calls</c> produced, for stage 2's metrics and the run summary.</summary>
/// <param name="Calls">Rows written.</param>
/// <param name="Unpriced">Calls whose model has no price.</param>
/// <param name="ProgressCopies">Calls known only from a parent's progress record (the subagent's own line is missing).</param>
/// <param name="LinesWithoutIds">Assistant lines with usage but neither message.id nor requestId, which cannot be deduplicated.</param>
/// <param name="TokensWithoutIds">Tokens of the calls made from those lines.</param>
/// <param name="Tokens">Tokens of all calls.</param>
/// <param name="OutputUnfinalized">Subagent calls whose output count is the start-of-response value (no line has a stop_reason).</param>
public sealed record ApiCallCounts(long Calls, long Unpriced, long ProgressCopies, long LinesWithoutIds, long TokensWithoutIds, long Tokens, long OutputUnfinalized)
{
    /// <summary>The share of all tokens held by lines without ids, 0 to 1.</summary>
    public double ShareWithoutIds => Tokens == 0 ? 0 : (double)TokensWithoutIds / Tokens;
}
