using Hindsight.Warehouse;

namespace Hindsight.Reports.Reconcile;

/// <summary>
/// Reads `report reconcile` from the warehouse: per session that has a cost-state snapshot and per model, the sums of
/// <c>api_calls</c> beside <c>cost_states</c>. The date filter applies to the session's activity (first and last line)
/// in the request's zone, computed here with the system's zone rules, as the usage reports do.
/// </summary>
public static class ReconcileQuery
{
    private const string Sql = """
        WITH snapshot_sessions AS (SELECT DISTINCT session_id FROM cost_states),
        ours AS (
            SELECT session_id, coalesce(model, '(no model)') AS model, count(*) AS calls,
                   sum(input_tokens)::BIGINT AS input, sum(output_tokens)::BIGINT AS output,
                   sum(cache_creation_tokens)::BIGINT AS cc, sum(cache_read_tokens)::BIGINT AS cr,
                   CASE WHEN bool_and(is_priced) THEN sum(cost_usd) END AS cost,
                   count(*) FILTER (WHERE is_sidechain) AS sidechain,
                   count(*) FILTER (WHERE output_unfinalized) AS unfinalized,
                   count(*) FILTER (WHERE usage_source = 'progress_copy') AS copies,
                   min(project) AS project
            FROM api_calls WHERE session_id IN (SELECT session_id FROM snapshot_sessions)
            GROUP BY 1, 2
        ),
        theirs AS (
            SELECT c.session_id, c.model, c.input_tokens, c.output_tokens,
                   CASE WHEN c.cache_creation_5m_tokens + c.cache_creation_1h_tokens > 0
                        THEN c.cache_creation_5m_tokens + c.cache_creation_1h_tokens ELSE c.cache_creation_tokens END AS cc,
                   c.cache_read_tokens, c.cost_usd, c.web_search_requests, f.project
            FROM cost_states c JOIN files f ON f.file_id = c.file_id
        ),
        activity AS (
            SELECT session_id, epoch_us(min("timestamp")) AS first_us, epoch_us(max("timestamp")) AS last_us
            FROM records WHERE session_id IN (SELECT session_id FROM snapshot_sessions) GROUP BY 1
        )
        SELECT coalesce(o.session_id, t.session_id) AS session_id, coalesce(o.model, t.model) AS model, coalesce(t.project, o.project) AS project,
               o.calls, o.input, o.output, o.cc, o.cr, o.cost, o.sidechain, o.unfinalized, o.copies,
               t.session_id IS NOT NULL AS has_snapshot, t.input_tokens AS their_input, t.output_tokens AS their_output, t.cc AS their_cc,
               t.cache_read_tokens AS their_cr, t.cost_usd AS their_cost, t.web_search_requests AS web_searches,
               a.first_us, a.last_us
        FROM ours o FULL OUTER JOIN theirs t ON o.session_id = t.session_id AND o.model = t.model
        LEFT JOIN activity a ON a.session_id = coalesce(o.session_id, t.session_id)
        ORDER BY 1, 2
        """;

    private const string UncomparedSql = """
        SELECT session_id, min(project) AS project, epoch_us(min("timestamp")) AS first_us, epoch_us(max("timestamp")) AS last_us
        FROM api_calls
        WHERE session_id IS NOT NULL AND session_id NOT IN (SELECT session_id FROM cost_states)
        GROUP BY 1
        """;

    public static async Task<ReconcileReport> ReadAsync(WarehouseSession session, ReconcileRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        await RequireCostStatesAsync(session, cancellationToken);

        var rows = new List<ReconcileRow>();
        await foreach (var row in session.StreamAsync(Sql, cancellationToken))
        {
            var project = row.GetStringOrNull("project");
            if (!InRange(request, project, row.GetInt64OrNull("first_us"), row.GetInt64OrNull("last_us"))) continue;
            ReconcileTokens? ours = row.IsNull("calls") ? null : new ReconcileTokens(
                row.GetInt64("input"), row.GetInt64("output"), row.GetInt64("cc"), row.GetInt64("cr"), row.GetDoubleOrNull("cost"));
            ReconcileTokens? theirs = row.GetBoolean("has_snapshot") ? new ReconcileTokens(
                row.GetInt64("their_input"), row.GetInt64("their_output"), row.GetInt64("their_cc"), row.GetInt64("their_cr"), row.GetDoubleOrNull("their_cost")) : null;
            long unfinalized = row.GetInt64OrNull("unfinalized") ?? 0;
            long webSearches = row.GetInt64OrNull("web_searches") ?? 0;
            var (status, explanations) = ReconcileReasons.Explain(ours, theirs, unfinalized, webSearches);
            rows.Add(new ReconcileRow
            {
                SessionId = row.GetString("session_id"),
                Model = row.GetString("model"),
                Project = project,
                Hindsight = ours,
                ClaudeCode = theirs,
                Calls = row.GetInt64OrNull("calls") ?? 0,
                SidechainCalls = row.GetInt64OrNull("sidechain") ?? 0,
                OutputUnfinalizedCalls = unfinalized,
                ProgressCopyCalls = row.GetInt64OrNull("copies") ?? 0,
                WebSearchRequests = webSearches,
                Status = status,
                Explanations = explanations,
            });
        }

        long uncompared = 0;
        await foreach (var row in session.StreamAsync(UncomparedSql, cancellationToken))
        {
            if (InRange(request, row.GetStringOrNull("project"), row.GetInt64OrNull("first_us"), row.GetInt64OrNull("last_us"))) uncompared++;
        }

        return new ReconcileReport { Request = request, Rows = rows, SessionsWithoutSnapshot = uncompared };
    }

    /// <summary>The project matches and the session's activity overlaps the date range (a session without dated lines is in only without date filters).</summary>
    private static bool InRange(ReconcileRequest request, string? project, long? firstUs, long? lastUs)
    {
        if (request.Project is not null && !string.Equals(project, request.Project, StringComparison.Ordinal)) return false;
        if (request.Since is null && request.Until is null) return true;
        if (firstUs is not { } first || lastUs is not { } last) return false;
        var firstDate = LocalDate(first, request.TimeZone);
        var lastDate = LocalDate(last, request.TimeZone);
        if (request.Since is { } since && lastDate < since) return false;
        if (request.Until is { } until && firstDate > until) return false;
        return true;
    }

    private static DateOnly LocalDate(long epochMicros, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UnixEpoch.AddTicks(epochMicros * TimeSpan.TicksPerMicrosecond), zone).DateTime);

    private static async Task RequireCostStatesAsync(WarehouseSession session, CancellationToken cancellationToken)
    {
        if (await session.ScalarAsync<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'cost_states'", cancellationToken) == 0)
            throw new ReportException("This warehouse has no cost_states table yet (it predates this release). Run `hindsight run` to upgrade and fill it.");
    }
}
