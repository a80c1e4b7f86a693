namespace Hindsight.Reports.Reconcile;

/// <summary>
/// One session and model: Hindsight's deduplicated API calls beside Claude Code's own cost-state totals, the
/// difference (Claude Code minus Hindsight) and the reasons that explain it.
/// </summary>
public sealed record ReconcileRow
{
    public required string SessionId { get; init; }
    public required string Model { get; init; }
    public required string? Project { get; init; }

    /// <summary>Null when no API call of the transcripts used this model in this session.</summary>
    public required ReconcileTokens? Hindsight { get; init; }

    /// <summary>Null when the session's last snapshot does not name this model.</summary>
    public required ReconcileTokens? ClaudeCode { get; init; }

    public ReconcileTokens Difference => (ClaudeCode ?? ReconcileTokens.Zero) - (Hindsight ?? ReconcileTokens.Zero);

    public long Calls { get; init; }
    public long SidechainCalls { get; init; }
    public long OutputUnfinalizedCalls { get; init; }
    public long ProgressCopyCalls { get; init; }
    public long WebSearchRequests { get; init; }

    /// <summary>The main explanation as a stable code: <see cref="ReconcileReasons"/>.</summary>
    public required string Status { get; init; }

    public required IReadOnlyList<string> Explanations { get; init; }
}
