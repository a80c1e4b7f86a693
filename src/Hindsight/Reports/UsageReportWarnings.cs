using Hindsight.Stages.Clean;

namespace Hindsight.Reports;

/// <summary>
/// Counts behind a usage report's warnings, over the calls the report includes.
/// </summary>
/// <param name="LinesWithoutIds">Lines with usage but neither message.id nor requestId: they cannot be deduplicated.</param>
/// <param name="TokensWithoutIds">Tokens of the calls made from those lines.</param>
/// <param name="Tokens">Tokens of every call in the report.</param>
/// <param name="UnfinalizedCalls">Subagent calls whose output count is the start-of-response value.</param>
/// <param name="ProgressCopies">Calls known only from a parent's progress record.</param>
public sealed record UsageReportWarnings(long LinesWithoutIds, long TokensWithoutIds, long Tokens, long UnfinalizedCalls, long ProgressCopies)
{
    public static UsageReportWarnings None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>The share of the report's tokens held by lines without ids, 0 to 1.</summary>
    public double ShareWithoutIds => Tokens == 0 ? 0 : (double)TokensWithoutIds / Tokens;

    public bool Any => LinesWithoutIds > 0 || UnfinalizedCalls > 0;

    /// <summary>The sentences, as the run summary words them.</summary>
    public IReadOnlyList<string> Messages => [.. UsageWarnings.Describe(LinesWithoutIds, ShareWithoutIds, UnfinalizedCalls)];
}
