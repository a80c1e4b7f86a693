namespace Hindsight.Reports.Reconcile;

/// <summary>`report reconcile`: rows by session (most expensive difference first) and model, their totals, and how many sessions could not be compared.</summary>
public sealed record ReconcileReport
{
    public required ReconcileRequest Request { get; init; }

    public required IReadOnlyList<ReconcileRow> Rows { get; init; }

    /// <summary>Sessions in range with API calls but no cost-state snapshot (Claude Code before about 2.1.24x): nothing to compare with.</summary>
    public required long SessionsWithoutSnapshot { get; init; }

    public ReconcileTokens HindsightTotal => Rows.Aggregate(ReconcileTokens.Zero, (sum, r) => sum + (r.Hindsight ?? ReconcileTokens.Zero));

    public ReconcileTokens ClaudeCodeTotal => Rows.Aggregate(ReconcileTokens.Zero, (sum, r) => sum + (r.ClaudeCode ?? ReconcileTokens.Zero));
}
