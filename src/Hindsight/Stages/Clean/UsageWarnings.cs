using System.Globalization;

namespace Hindsight.Stages.Clean;

/// <summary>
/// The sentences that warn about token counts Hindsight cannot vouch for, shared by the run summary and the
/// usage report so that both say the same thing.
/// </summary>
public static class UsageWarnings
{
    public static string WithoutIds(long lines, double share) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{lines:N0} lines with usage carry neither message.id nor requestId and cannot be deduplicated; they hold {share:P1} of the tokens (streamed copies may be counted more than once).");

    public static string Unfinalized(long calls) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{calls:N0} subagent calls carry an unfinalised output count (the transcript keeps the start-of-response value); `hindsight report reconcile` compares with Claude Code's own totals.");

    public static IEnumerable<string> Describe(long linesWithoutIds, double shareWithoutIds, long unfinalizedCalls)
    {
        if (linesWithoutIds > 0) yield return WithoutIds(linesWithoutIds, shareWithoutIds);
        if (unfinalizedCalls > 0) yield return Unfinalized(unfinalizedCalls);
    }
}
