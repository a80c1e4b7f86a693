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
    private static readonly string InSlice = DerivedFiles.InSlice("file_id");

    /// <summary>The sessions the slice touches: those of its snapshots, and those whose counted snapshot was in its files.</summary>
    private static readonly string TouchedSessionsSql = $"""
        CREATE OR REPLACE TEMP TABLE cost_state_sessions AS
        SELECT session_id FROM records WHERE {InSlice} AND type = 'cost-state' AND session_id IS NOT NULL
        UNION
        SELECT session_id FROM cost_states WHERE {InSlice}
        """;

    /// <summary>
    /// The last snapshot of each touched session, chosen on narrow columns; only the chosen lines' raw JSON is read,
    /// found by row id (in the same statement, so the same snapshot): the join's range of row ids then reaches the
    /// scan of records, which skips the raw text of every vector outside it (joined on file and line, it read all).
    /// </summary>
    private const string LastSnapshotsSql = """
        WITH last AS (
            SELECT r.session_id, r.file_id, r.line_no, r.rowid AS row_id FROM records r JOIN files f ON f.file_id = r.file_id
            WHERE r.type = 'cost-state' AND r.session_id IN (SELECT session_id FROM cost_state_sessions)
            QUALIFY row_number() OVER (PARTITION BY r.session_id ORDER BY f.path DESC, r.line_no DESC) = 1
        )
        SELECT l.session_id, r.raw, l.file_id, l.line_no
        FROM last l JOIN records r ON r.rowid = l.row_id
        ORDER BY l.session_id
        """;

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
        await warehouse.ExecuteAsync(TouchedSessionsSql, cancellationToken);
        await warehouse.ExecuteAsync("DELETE FROM cost_states WHERE session_id IN (SELECT session_id FROM cost_state_sessions)", cancellationToken);
        long sessions = 0, rows = 0;
        // Most slices touch no session with snapshots (files before cost-state records existed): nothing to read.
        bool touched = await warehouse.ScalarAsync("SELECT EXISTS (SELECT 1 FROM cost_state_sessions)", cancellationToken) is true;
        if (touched)
        {
            using var writer = warehouse.Session.Writer(CostStates);
            await foreach (var row in warehouse.Session.StreamAsync(LastSnapshotsSql, cancellationToken))
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
        await warehouse.ExecuteAsync("DROP TABLE cost_state_sessions", cancellationToken);
        return (sessions, rows);
    }
}
