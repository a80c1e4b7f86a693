using DuckDB.NET.Data;
using Hindsight.Runs;
using Hindsight.Sources;
using Hindsight.Warehouse;

namespace Hindsight.Reports.Html;

/// <summary>
/// Reads what the page shows, under the same filters as `report` (--project, --agent, dates). Tokens and cost are
/// `report daily|project|session`'s own (<see cref="UsageReportQuery"/>, the three from one read of <c>api_calls</c>);
/// the rest are small aggregates (<see cref="HtmlReportSql"/>), bounded by statuses and projects, and the runs
/// `hindsight runs` lists (<see cref="RunHistory"/>).
/// </summary>
public static class HtmlReportQuery
{
    /// <summary>How many of the last runs the page charts.</summary>
    public const int RunCount = 10;

    public static async Task<HtmlReportData> ReadAsync(WarehouseSession session, HtmlReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        // One read of api_calls makes the three reports and the per-day activity (sessions, cache writes by lifetime).
        var days = new DayActivityBuilder(request.Filters);
        var reports = await UsageReportQuery.ReadAsync(session, request.Filters, [ReportView.Daily, ReportView.Project, ReportView.Session], days.Add, cancellationToken);
        bool hasAgents = await UsageReportQuery.HasAgentsAsync(session, cancellationToken);
        return new HtmlReportData
        {
            Daily = reports[0],
            Projects = reports[1],
            Sessions = reports[2],
            Days = days.Build(),
            Corrections = await session.ReadAsync(HtmlReportSql.Corrections(hasAgents),
                row => new CorrectionCount(row.GetString("status"), row.GetInt64("prompts"), row.GetDouble("cost_usd")),
                cancellationToken, Project(request.Filters), Agent(request.Filters)),
            // The runs `hindsight runs` lists, read by the same code.
            Runs = await RunHistory.RecentAsync(session, RunCount, cancellationToken),
            ProjectActivity = (await session.ReadAsync(HtmlReportSql.ProjectActivity(hasAgents),
                    row => new ProjectActivity(row.GetString("project"), row.GetInt64("sessions"), row.GetInt64("prompts")),
                    cancellationToken, Project(request.Filters), Agent(request.Filters)))
                .ToDictionary(p => p.Project, StringComparer.Ordinal),
        };
    }

    public static async Task<SessionActivity> ReadSessionAsync(WarehouseSession session, string sessionId, CancellationToken cancellationToken) =>
        await session.ReadFirstAsync(HtmlReportSql.SessionActivity,
            row => new SessionActivity(row.GetStringOrNull("project"), row.GetTimestampOrNull("first_at"), row.GetTimestampOrNull("last_at"), row.GetInt64("prompts")),
            cancellationToken, new DuckDBParameter("session", sessionId))
        ?? new SessionActivity(null, null, null, 0);

    internal static DuckDBParameter Project(UsageReportRequest filters) => new("project", filters.Project ?? "");

    /// <summary>($agent is the empty string for every agent.)</summary>
    internal static DuckDBParameter Agent(UsageReportRequest filters) => new("agent", filters.Agent is { } agent ? agent.ToName() : "");
}
