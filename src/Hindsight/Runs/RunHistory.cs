using DuckDB.NET.Data;

namespace Hindsight.Runs;

/// <summary>The warehouse's record of recent runs (<c>runs</c> and <c>run_stages</c>), as `hindsight runs` shows it.</summary>
public static class RunHistory
{
    /// <summary>The <c>$limit</c> most recent runs, newest first, each with its stages in order (a run without stages has one row of nulls).</summary>
    private const string RecentRunsSql = """
        WITH recent AS (SELECT * FROM runs ORDER BY started_at DESC LIMIT $limit)
        SELECT r.run_id, r.command, r.status AS run_status, r.started_at AS run_started_at, r.ended_at AS run_ended_at, r.error AS run_error,
               s.stage, s.stage_name, s.status AS stage_status, s.started_at AS stage_started_at, s.ended_at AS stage_ended_at,
               s.items_in, s.items_out, s.items_failed, s.error AS stage_error, s.metrics_json
        FROM recent r LEFT JOIN run_stages s USING (run_id)
        ORDER BY r.started_at DESC, s.stage
        """;

    public static Task<List<RecordedRun>> RecentAsync(Warehouse.Warehouse warehouse, int limit, CancellationToken cancellationToken) =>
        RecentAsync(warehouse.Session, limit, cancellationToken);

    public static async Task<List<RecordedRun>> RecentAsync(Warehouse.WarehouseSession session, int limit, CancellationToken cancellationToken)
    {
        var runs = new List<RecordedRun>();
        var stages = new List<RecordedStage>();
        await foreach (var row in session.StreamAsync(RecentRunsSql, cancellationToken, new DuckDBParameter("limit", Math.Max(1, limit))))
        {
            var runId = row.GetGuid("run_id");
            if (runs.Count == 0 || runs[^1].RunId != runId)
            {
                stages = [];
                runs.Add(new RecordedRun(runId, row.GetString("command"), row.GetString("run_status"), row.GetTimestamp("run_started_at"),
                    row.GetTimestampOrNull("run_ended_at"), row.GetStringOrNull("run_error"), stages));
            }
            if (row.GetInt32OrNull("stage") is not { } stage) continue;
            stages.Add(new RecordedStage(stage, row.GetString("stage_name"), row.GetString("stage_status"),
                row.GetTimestamp("stage_started_at"), row.GetTimestampOrNull("stage_ended_at"),
                row.GetInt64OrNull("items_in"), row.GetInt64OrNull("items_out"), row.GetInt64OrNull("items_failed"),
                row.GetStringOrNull("stage_error"), row.GetStringOrNull("metrics_json")));
        }
        return runs;
    }
}

