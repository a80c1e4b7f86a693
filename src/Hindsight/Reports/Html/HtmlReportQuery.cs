using System.Globalization;
using DuckDB.NET.Data;
using Hindsight.Warehouse;

namespace Hindsight.Reports.Html;

/// <summary>
/// Reads what the page shows. Tokens and cost are `report daily|project|session`'s own (<see cref="UsageReportQuery"/>,
/// one pass each); the rest are small aggregates (<see cref="HtmlReportSql"/>), bounded by days, statuses, runs and projects.
/// </summary>
public static class HtmlReportQuery
{
    /// <summary>How many of the last runs the page charts.</summary>
    public const int RunCount = 10;

    public static async Task<HtmlReportData> ReadAsync(WarehouseSession session, HtmlReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        var daily = await UsageReportQuery.ReadAsync(session, request.For(ReportView.Daily), cancellationToken);
        var projects = await UsageReportQuery.ReadAsync(session, request.For(ReportView.Project), cancellationToken);
        var sessions = await UsageReportQuery.ReadAsync(session, request.For(ReportView.Session), cancellationToken);
        return new HtmlReportData
        {
            Daily = daily,
            Projects = projects,
            Sessions = sessions,
            Days = await ReadDaysAsync(session, request.Filters, cancellationToken),
            Corrections = await session.ReadAsync(HtmlReportSql.Corrections,
                row => new CorrectionCount(row.GetString("status"), row.GetInt64("prompts"), row.GetDouble("cost_usd")),
                cancellationToken, Project(request.Filters)),
            Runs = await ReadRunsAsync(session, cancellationToken),
            ProjectActivity = (await session.ReadAsync(HtmlReportSql.ProjectActivity,
                    row => new ProjectActivity(row.GetString("project"), row.GetInt64("sessions"), row.GetInt64("prompts")),
                    cancellationToken, Project(request.Filters)))
                .ToDictionary(p => p.Project, StringComparer.Ordinal),
        };
    }

    public static async Task<SessionActivity> ReadSessionAsync(WarehouseSession session, string sessionId, CancellationToken cancellationToken) =>
        await session.ReadFirstAsync(HtmlReportSql.SessionActivity,
            row => new SessionActivity(row.GetStringOrNull("project"), row.GetTimestampOrNull("first_at"), row.GetTimestampOrNull("last_at"), row.GetInt64("prompts")),
            cancellationToken, new DuckDBParameter("session", sessionId))
        ?? new SessionActivity(null, null, null, 0);

    internal static DuckDBParameter Project(UsageReportRequest filters) => new("project", filters.Project ?? "");

    /// <summary>Local dates as the usage report makes them (same zone, same inclusive --since/--until), so the days line up with `report daily`.</summary>
    private static async Task<IReadOnlyList<DayActivity>> ReadDaysAsync(WarehouseSession session, UsageReportRequest filters, CancellationToken cancellationToken)
    {
        var days = new SortedDictionary<DateOnly, (HashSet<string> Sessions, long W5m, long W1h, long Unsplit)>();
        await foreach (var row in session.StreamAsync(HtmlReportSql.CallActivity, cancellationToken, Project(filters)))
        {
            var timestamp = DateTimeOffset.UnixEpoch.AddTicks(row.GetInt64("timestamp_us") * TimeSpan.TicksPerMicrosecond);
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timestamp, filters.TimeZone).DateTime);
            if (filters.Since is { } since && date < since) continue;
            if (filters.Until is { } until && date > until) continue;
            if (!days.TryGetValue(date, out var day)) day = (new HashSet<string>(StringComparer.Ordinal), 0, 0, 0);
            day.Sessions.Add(row.GetString("file_session"));
            days[date] = (day.Sessions, day.W5m + row.GetInt64("w5m"), day.W1h + row.GetInt64("w1h"), day.Unsplit + row.GetInt64("wunsplit"));
        }
        return [.. days.Select(d => new DayActivity(d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Value.Sessions.Count, d.Value.W5m, d.Value.W1h, d.Value.Unsplit))];
    }

    private static async Task<IReadOnlyList<RunSummary>> ReadRunsAsync(WarehouseSession session, CancellationToken cancellationToken)
    {
        var rows = await session.ReadAsync(HtmlReportSql.LastRuns,
            row => (Id: row.GetString("run_id"), Command: row.GetString("command"), Status: row.GetString("run_status"), Started: row.GetTimestamp("run_started"),
                Stage: new RunStageTime(row.GetInt32("stage"), row.GetString("stage_status"), row.GetInt64("stage_ms"))),
            cancellationToken, new DuckDBParameter("limit", RunCount));
        return [.. rows.GroupBy(r => r.Id).Select(g => new RunSummary(g.Key, g.First().Command, g.First().Status, g.First().Started, [.. g.Select(r => r.Stage)]))];
    }
}
