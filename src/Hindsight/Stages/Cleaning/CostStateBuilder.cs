namespace Hindsight.Stages.Cleaning;

/// <summary>
/// Builds <c>cost_states</c>: Claude Code's own cumulative usage and cost per session and model, from its
/// <c>cost-state</c> records (about 2.1.24x on; transcript-format.md §8-9). The snapshots carry no timestamp and
/// each repeats the session's totals so far, so only one counts per session: the last in file order (files in
/// ordinal path order, then lines). Rebuilt in full with api_calls; one snapshot is parsed at a time.
/// </summary>
public sealed class CostStateBuilder(Warehouse.Warehouse warehouse)
{
    private const string LastSnapshotsSql = """
        SELECT session_id, raw, file_id, line_no FROM (
            SELECT r.session_id, r.raw, r.file_id, r.line_no,
                   row_number() OVER (PARTITION BY r.session_id ORDER BY f.path DESC, r.line_no DESC) AS from_last
            FROM records r JOIN files f ON f.file_id = r.file_id
            WHERE r.type = 'cost-state' AND r.session_id IS NOT NULL
        ) WHERE from_last = 1
        ORDER BY session_id
        """;

    /// <summary>Returns the number of sessions with a snapshot and the number of (session, model) rows written.</summary>
    public async Task<(long Sessions, long Rows)> RunAsync(CancellationToken cancellationToken)
    {
        var connection = warehouse.Connection;
        using var transaction = connection.BeginTransaction();
        await warehouse.ExecuteAsync("DELETE FROM cost_states", cancellationToken);
        long sessions = 0, rows = 0;
        using (var select = connection.CreateCommand())
        {
            select.CommandText = LastSnapshotsSql;
            using var reader = await select.ExecuteReaderAsync(cancellationToken);
            using var appender = connection.CreateAppender("cost_states");
            while (await reader.ReadAsync(cancellationToken))
            {
                var session = reader.GetString(0);
                var snapshot = CostStateSnapshot.Parse(reader.GetString(1));
                if (snapshot is null) continue;
                sessions++;
                foreach (var model in snapshot.Models)
                {
                    appender.CreateRow()
                        .AppendValue(session)
                        .AppendValue(model.Model)
                        .AppendValue(model.InputTokens).AppendValue(model.OutputTokens).AppendValue(model.ThinkingTokens)
                        .AppendValue(model.CacheReadTokens).AppendValue(model.CacheCreationTokens)
                        .AppendValue(model.CacheCreation5mTokens).AppendValue(model.CacheCreation1hTokens)
                        .AppendValue(model.WebSearchRequests)
                        .AppendValue(model.CostUsd)
                        .AppendValue(snapshot.TotalCostUsd)
                        .AppendValue(snapshot.HasUnknownModelCost)
                        .AppendValue(reader.GetString(2))
                        .AppendValue(reader.GetInt64(3))
                        .EndRow();
                    rows++;
                }
            }
        }
        transaction.Commit();
        return (sessions, rows);
    }
}
