namespace Hindsight.Reports.Reconcile;

/// <summary>
/// Why Claude Code's own totals and Hindsight's differ for a session and model, in order of precedence. The rules are
/// deliberately simple: each names a mechanism the format notes document (docs/transcript-format.md §8-9).
/// </summary>
public static class ReconcileReasons
{
    /// <summary>Same tokens on both sides.</summary>
    public const string Agrees = "agrees";

    /// <summary>Claude Code counted calls with this model that no transcript line records (titles, summaries, hooks, web search).</summary>
    public const string SideCalls = "side_calls";

    /// <summary>Subagent lines keep their start-of-response output count, so the transcript undercounts output.</summary>
    public const string OutputUnfinalized = "output_unfinalized";

    /// <summary>The transcript has more than the snapshot: it was written before the session's last calls.</summary>
    public const string SnapshotLags = "snapshot_lags";

    /// <summary>Same tokens, but Claude Code's own price differs from the price table's by more than 1%.</summary>
    public const string PricesDiffer = "prices_differ";

    /// <summary>A difference none of the rules explains.</summary>
    public const string Unexplained = "unexplained";

    public static (string Status, IReadOnlyList<string> Explanations) Explain(ReconcileTokens? hindsight, ReconcileTokens? claudeCode, long unfinalizedCalls, long webSearches)
    {
        var reasons = new List<(string Code, string Text)>();
        if (hindsight is null && claudeCode is not null)
        {
            reasons.Add((SideCalls, $"side calls: Claude Code counted {claudeCode.Total:N0} tokens with this model that no transcript line records"));
        }
        else if (claudeCode is null && hindsight is not null)
        {
            reasons.Add((SnapshotLags, "the session's last cost-state snapshot does not name this model: it was written before these calls"));
        }
        else if (hindsight is not null && claudeCode is not null)
        {
            var d = claudeCode - hindsight;
            if (d.Output > 0 && unfinalizedCalls > 0)
                reasons.Add((OutputUnfinalized, $"{unfinalizedCalls:N0} subagent calls keep their start-of-response output count; Claude Code counted {d.Output:N0} more output tokens"));
            if (d.Input > 0 || d.CacheCreation > 0 || d.CacheRead > 0 || (d.Output > 0 && unfinalizedCalls == 0))
                reasons.Add((SideCalls, $"side calls: {d.Input + d.CacheCreation + d.CacheRead + (unfinalizedCalls == 0 ? Math.Max(0, d.Output) : 0):N0} tokens Claude Code counted that no transcript line records"));
            if (d.Input < 0 || d.Output < 0 || d.CacheCreation < 0 || d.CacheRead < 0)
                reasons.Add((SnapshotLags, "the transcript holds more than Claude Code's last snapshot: the snapshot was written before the session's last calls"));
        }
        if (webSearches > 0)
            reasons.Add((SideCalls, $"{webSearches:N0} web search requests, billed per request by Claude Code"));
        if (reasons.Count == 0 && hindsight?.Cost is { } ours && claudeCode?.Cost is { } theirs
            && Math.Abs(theirs - ours) > 0.01 * Math.Max(Math.Abs(ours), Math.Abs(theirs)))
            return (PricesDiffer, [string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"tokens agree; Claude Code priced them at ${theirs:0.0000}, the price table at ${ours:0.0000}")]);
        if (reasons.Count == 0) return (Agrees, ["tokens agree"]);
        return (reasons[0].Code, reasons.Select(r => r.Text).ToList());
    }
}
