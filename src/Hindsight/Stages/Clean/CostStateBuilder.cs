using Hindsight.Warehouse;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Builds <c>cost_states</c>: Claude Code's own cumulative usage and cost per session and model, from its
/// <c>cost-state</c> records (about 2.1.24x on; docs/transcript-format.md §8-9). The snapshots carry no timestamp and
/// each repeats the session's totals so far, so only one counts per session: the last in file order (files in
/// ordinal path order, then lines). Built a slice of changed files at a time: only the sessions whose snapshots
/// a changed file holds (or held) are computed again; one snapshot is parsed at a time.
/// </summary>
public sealed class CostStateBuilder(Warehouse.Warehouse warehouse)
{
    /// <summary>One model's totals of a session's last snapshot, as <c>cost_states</c> stores them.</summary>
    private sealed record CostStateRow(string SessionId, CostStateModelUsage Usage, CostStateSnapshot Snapshot, string FileId, long LineNo);

    private static readonly TableLayout<CostStateRow> CostStates = new TableLayout<CostStateRow>("cost_states")
        .Text("session_id", r => r.SessionId)
        .Text("model", r => r.Usage.Model)
        .BigInt("input_tokens", r => r.Usage.InputTokens)
        .BigInt("output_tokens", r => r.Usage.OutputTokens)
        .BigInt("thinking_tokens", r => r.Usage.ThinkingTokens)
        .BigInt("cache_read_tokens", r => r.Usage.CacheReadTokens)
        .BigInt("cache_creation_tokens", r => r.Usage.CacheCreationTokens)
        .BigInt("cache_creation_5m_tokens", r => r.Usage.CacheCreation5mTokens)
        .BigInt("cache_creation_1h_tokens", r => r.Usage.CacheCreation1hTokens)
        .BigInt("web_search_requests", r => r.Usage.WebSearchRequests)
        .Double("cost_usd", r => r.Usage.CostUsd)
        .Double("total_cost_usd", r => r.Snapshot.TotalCostUsd)
        .Boolean("has_unknown_model_cost", r => r.Snapshot.HasUnknownModelCost)
        .Text("file_id", r => r.FileId)
        .BigInt("line_no", r => r.LineNo);

    /// <summary>
    /// Computes again the snapshots of the sessions the current slice touches (inside its transaction). Returns the
    /// number of sessions with a snapshot and the number of (session, model) rows written.
    /// </summary>
    public async Task<(long Sessions, long Rows)> BuildSliceAsync(CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(CleanSql.CostStates.TouchedSessions, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.CostStates.DeleteTouched, cancellationToken);
        long sessions = 0, rows = 0;
        // Most slices touch no session with snapshots (files before cost-state records existed): nothing to read.
        bool touched = await warehouse.ScalarAsync(CleanSql.CostStates.AnyTouched, cancellationToken) is true;
        if (touched)
        {
            using var writer = warehouse.Session.Writer(CostStates);
            await foreach (var row in warehouse.Session.StreamAsync(CleanSql.CostStates.LastSnapshots, cancellationToken))
            {
                var snapshot = CostStateSnapshot.Parse(row.GetString("raw"));
                if (snapshot is null) continue;
                sessions++;
                var (session, fileId, lineNo) = (row.GetString("session_id"), row.GetString("file_id"), row.GetInt64("line_no"));
                foreach (var model in snapshot.Models)
                {
                    writer.Append(new CostStateRow(session, model, snapshot, fileId, lineNo));
                    rows++;
                }
            }
        }
        await warehouse.ExecuteAsync(CleanSql.CostStates.DropTouched, cancellationToken);
        return (sessions, rows);
    }
}
