using System.Globalization;
using DuckDB.NET.Data;

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
        SELECT coalesce(o.session_id, t.session_id) AS session_id, coalesce(o.model, t.model) AS model, coalesce(t.project, o.project),
               o.calls, o.input, o.output, o.cc, o.cr, o.cost, o.sidechain, o.unfinalized, o.copies,
               t.session_id IS NOT NULL, t.input_tokens, t.output_tokens, t.cc, t.cache_read_tokens, t.cost_usd, t.web_search_requests,
               a.first_us, a.last_us
        FROM ours o FULL OUTER JOIN theirs t ON o.session_id = t.session_id AND o.model = t.model
        LEFT JOIN activity a ON a.session_id = coalesce(o.session_id, t.session_id)
        ORDER BY 1, 2
        """;

    private const string UncomparedSql = """
        SELECT session_id, min(project), epoch_us(min("timestamp")), epoch_us(max("timestamp"))
        FROM api_calls
        WHERE session_id IS NOT NULL AND session_id NOT IN (SELECT session_id FROM cost_states)
        GROUP BY 1
        """;

    public static async Task<ReconcileReport> ReadAsync(DuckDBConnection connection, ReconcileRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        await RequireCostStatesAsync(connection, cancellationToken);

        var rows = new List<ReconcileRow>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Sql;
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var project = reader.IsDBNull(2) ? null : reader.GetString(2);
                if (!InRange(request, project, Micros(reader, 19), Micros(reader, 20))) continue;
                ReconcileTokens? ours = reader.IsDBNull(3) ? null : new ReconcileTokens(
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetDouble(8));
                ReconcileTokens? theirs = reader.GetBoolean(12) ? new ReconcileTokens(
                    reader.GetInt64(13), reader.GetInt64(14), reader.GetInt64(15), reader.GetInt64(16), reader.IsDBNull(17) ? null : reader.GetDouble(17)) : null;
                long unfinalized = reader.IsDBNull(10) ? 0 : reader.GetInt64(10);
                long webSearches = reader.IsDBNull(18) ? 0 : reader.GetInt64(18);
                var (status, explanations) = ReconcileReasons.Explain(ours, theirs, unfinalized, webSearches);
                rows.Add(new ReconcileRow
                {
                    SessionId = reader.GetString(0),
                    Model = reader.GetString(1),
                    Project = project,
                    Hindsight = ours,
                    ClaudeCode = theirs,
                    Calls = reader.IsDBNull(3) ? 0 : reader.GetInt64(3),
                    SidechainCalls = reader.IsDBNull(9) ? 0 : reader.GetInt64(9),
                    OutputUnfinalizedCalls = unfinalized,
                    ProgressCopyCalls = reader.IsDBNull(11) ? 0 : reader.GetInt64(11),
                    WebSearchRequests = webSearches,
                    Status = status,
                    Explanations = explanations,
                });
            }
        }

        long uncompared = 0;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = UncomparedSql;
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (InRange(request, reader.IsDBNull(1) ? null : reader.GetString(1), Micros(reader, 2), Micros(reader, 3))) uncompared++;
            }
        }

        return new ReconcileReport { Request = request, Rows = rows, SessionsWithoutSnapshot = uncompared };
    }

    private static long? Micros(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

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

    private static async Task RequireCostStatesAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'cost_states'";
        var count = Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (count == 0)
            throw new ReportException("This warehouse has no cost_states table yet (it predates this release). Run `hindsight run` to upgrade and fill it.");
    }
}
