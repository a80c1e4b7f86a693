using System.Text;
using DuckDB.NET.Data;
using Hindsight.Sources;
using Hindsight.Warehouse;

namespace Hindsight.Reports;

/// <summary>
/// Reads <c>api_calls</c> (one row per deduplicated API call, filled by stage 2) and builds a usage report.
/// Calls are read in processing order (file path, then line) and grouped by <see cref="UsageReportBuilder"/>,
/// because periods are local dates in an arbitrary IANA zone, which the builder computes with the system's
/// zone rules rather than relying on DuckDB's optional ICU extension.
/// </summary>
public static class UsageReportQuery
{
    /// <summary>The widest UTC offset is 14 hours; a two-day margin makes the SQL date window safe for any zone.</summary>
    private static readonly TimeSpan WindowMargin = TimeSpan.FromDays(2);

    public static async Task<UsageReport> ReadAsync(WarehouseSession session, UsageReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await ReadAsync(session, request, [request.View], null, cancellationToken))[0];
    }

    /// <summary>
    /// Several views of the same filters (the HTML page's daily, project and session reports) from one read of
    /// <c>api_calls</c>; <paramref name="onCall"/>, when given, sees each call and its row too (its cache writes by
    /// lifetime, which the report does not carry). The reports come back in the order of <paramref name="views"/>.
    /// </summary>
    public static async Task<IReadOnlyList<UsageReport>> ReadAsync(WarehouseSession session, UsageReportRequest request, IReadOnlyList<ReportView> views,
        Action<ApiCallUsage, WarehouseRow>? onCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(views);
        await RequireApiCallsAsync(session, cancellationToken);
        // A warehouse opened read-only before migration 7 has no usage_source column yet: every call is a plain line.
        bool hasSources = await HasUsageSourcesAsync(session, cancellationToken);
        // A warehouse opened read-only before migration 19 has no agent column: every call there is Claude Code's.
        bool hasAgents = await HasAgentsAsync(session, cancellationToken);

        var parameters = new List<DuckDBParameter>();
        var sql = new StringBuilder("""
            SELECT epoch_us(a."timestamp") AS timestamp_us, a.model, a.speed, a.project, a.file_session,
                   a.input_tokens, a.output_tokens, a.cache_creation_tokens, a.cache_read_tokens, a.cost_usd,
                   a.cache_creation_5m_tokens, a.cache_creation_1h_tokens, a.cache_creation_unsplit_tokens,
            """);
        sql.Append(hasSources ? " a.usage_source, a.lines, a.output_unfinalized" : " 'line' AS usage_source, a.lines, false AS output_unfinalized");
        sql.Append(hasAgents ? ", a.agent" : ", 'claude_code' AS agent");
        sql.Append("""

            FROM api_calls a LEFT JOIN files f ON f.file_id = a.file_id
            WHERE true
            """);
        if (request.Project is not null)
        {
            sql.Append(" AND a.project = $project");
            parameters.Add(new DuckDBParameter("project", request.Project));
        }
        if (request.Agent is { } agent)
        {
            sql.Append(hasAgents ? " AND a.agent = $agent" : " AND 'claude_code' = $agent");
            parameters.Add(new DuckDBParameter("agent", agent.ToName()));
        }
        if (request.Since is { } since)
        {
            sql.Append(" AND epoch_us(a.\"timestamp\") >= $from_us");
            parameters.Add(new DuckDBParameter("from_us", WindowStart(since)));
        }
        if (request.Until is { } until)
        {
            sql.Append(" AND epoch_us(a.\"timestamp\") < $to_us");
            parameters.Add(new DuckDBParameter("to_us", WindowEnd(until)));
        }
        // Binary string order of the full path, then line: the order ccusage reads lines in.
        sql.Append(" ORDER BY f.path NULLS LAST, a.file_id, a.line_no, a.message_id, a.request_id");

        var builders = views.Select(view => new UsageReportBuilder(request with { View = view })).ToList();
        await foreach (var row in session.StreamAsync(sql.ToString(), cancellationToken, [.. parameters]))
        {
            var call = new ApiCallUsage
            {
                Timestamp = row.GetInt64OrNull("timestamp_us") is { } us ? DateTimeOffset.UnixEpoch.AddTicks(us * TimeSpan.TicksPerMicrosecond) : null,
                Model = row.GetStringOrNull("model"),
                Speed = row.GetStringOrNull("speed"),
                Project = row.GetString("project"),
                Agent = row.GetStringOrNull("agent") ?? "claude_code",
                FileSession = row.GetString("file_session"),
                Tokens = new UsageTokens(row.GetInt64("input_tokens"), row.GetInt64("output_tokens"), row.GetInt64("cache_creation_tokens"), row.GetInt64("cache_read_tokens")),
                Cost = row.GetDoubleOrNull("cost_usd"),
                UsageSource = row.GetStringOrNull("usage_source") ?? Stages.Clean.UsageSources.Line,
                Lines = row.GetInt32("lines"),
                OutputUnfinalized = row.GetBooleanOrNull("output_unfinalized") ?? false,
            };
            foreach (var builder in builders) builder.Add(call);
            onCall?.Invoke(call, row);
        }
        return [.. builders.Select(b => b.Build())];
    }

    private static async Task<bool> HasUsageSourcesAsync(WarehouseSession session, CancellationToken cancellationToken) =>
        await session.ScalarAsync<long>("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'api_calls' AND column_name = 'usage_source'", cancellationToken) > 0;

    /// <summary>False on a warehouse opened read-only before migration 19 (no agent columns yet).</summary>
    internal static async Task<bool> HasAgentsAsync(WarehouseSession session, CancellationToken cancellationToken) =>
        await session.ScalarAsync<long>("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'api_calls' AND column_name = 'agent'", cancellationToken) > 0;

    private static async Task RequireApiCallsAsync(WarehouseSession session, CancellationToken cancellationToken)
    {
        if (await session.ScalarAsync<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'api_calls'", cancellationToken) == 0)
            throw new ReportException("This warehouse has no api_calls table yet (it predates stage 2). Run `hindsight run` to upgrade and fill it.");
    }

    private static long WindowStart(DateOnly since) =>
        since.DayNumber <= DateOnly.MinValue.DayNumber + WindowMargin.Days ? long.MinValue
            : EpochMicroseconds(since.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - WindowMargin);

    private static long WindowEnd(DateOnly until) =>
        until.DayNumber >= DateOnly.MaxValue.DayNumber - WindowMargin.Days - 1 ? long.MaxValue
            : EpochMicroseconds(until.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + WindowMargin);

    private static long EpochMicroseconds(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
}
