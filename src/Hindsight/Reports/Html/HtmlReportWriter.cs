using System.Globalization;
using Hindsight.Sources;
using Hindsight.Warehouse;

namespace Hindsight.Reports.Html;

/// <summary>
/// Writes `report html`'s page to a text writer as it goes: header and totals, the charts (SVG drawn now), the
/// project and session tables, then each top session's conversation streamed from the warehouse, then the script.
/// Memory is bounded by the number of sessions asked for and the days, projects and runs charted, not by the corpus.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>Projects listed in the table (the chart shows fewer).</summary>
    public const int MostProjectRows = 50;

    public static async Task<HtmlReportSummary> WriteAsync(WarehouseSession session, HtmlReportRequest request, TextWriter page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(page);
        var data = await HtmlReportQuery.ReadAsync(session, request, cancellationToken);
        var filters = request.Filters;

        await page.WriteLineAsync(HtmlPage.Head);
        await page.WriteLineAsync($"<title>Hindsight report{(filters.Project is null ? "" : " · " + HtmlText.Escape(filters.Project))}</title>");
        await page.WriteLineAsync(HtmlPage.Style);
        await WriteHeaderAsync(page, request, data);

        var charts = ReportCharts.All(data);
        await page.WriteLineAsync("<h2>Charts</h2><div class=\"charts\">");
        foreach (var chart in charts) await WriteChartAsync(page, chart);
        await page.WriteLineAsync("</div>");

        await WriteProjectsAsync(page, data);
        var top = data.Sessions.Rows.Take(request.SessionCount).ToList();
        var activities = new List<SessionActivity>(top.Count);
        foreach (var row in top) activities.Add(await HtmlReportQuery.ReadSessionAsync(session, row.Period, cancellationToken));
        await WriteSessionTableAsync(page, data.Sessions.Rows.Count, top, activities);

        await page.WriteLineAsync("<h2>Sessions</h2>");
        await page.WriteLineAsync("<p><input id=\"search\" type=\"search\" placeholder=\"Find the sessions whose text holds…\" aria-label=\"search the sessions\"> <span id=\"search-count\" class=\"muted\"></span></p>");
        var conversation = new ConversationWriter(session, page);
        for (int i = 0; i < top.Count; i++)
        {
            var row = top[i];
            await page.WriteLineAsync($"<details class=\"session\" id=\"s-{i + 1}\" data-session=\"{HtmlText.Escape(row.Period)}\">");
            await page.WriteLineAsync($"<summary>{i + 1}. {HtmlText.Escape(row.Period)} <span class=\"muted\">· {HtmlText.Escape(activities[i].Project)} · {HtmlText.Usd(row.TotalCost)} · {HtmlText.Count(activities[i].Prompts)} prompts</span></summary>");
            int lines = await conversation.WriteAsync(row.Period, cancellationToken);
            if (lines == 0) await page.WriteLineAsync("<p class=\"muted\">No messages of this session are in the warehouse (its API calls came from a file without a session id).</p>");
            await page.WriteLineAsync("</details>");
        }
        await page.WriteLineAsync(HtmlPage.Script);
        await page.FlushAsync(cancellationToken);
        return new HtmlReportSummary(charts.Count, top.Count, data.Daily.Totals);
    }

    private static async Task WriteHeaderAsync(TextWriter page, HtmlReportRequest request, HtmlReportData data)
    {
        var filters = request.Filters;
        var totals = data.Daily.Totals;
        var scope = string.Join(" · ", new[]
        {
            filters.Since is { } since ? $"since {since:yyyy-MM-dd}" : null,
            filters.Until is { } until ? $"until {until:yyyy-MM-dd}" : null,
            filters.Project is { } project ? $"project {project}" : null,
            filters.Agent is { } agent ? $"agent {agent.ToName()}" : null,
            $"dates in {filters.TimeZone.Id}",
        }.Where(part => part is not null));
        await page.WriteLineAsync($"<h1>Hindsight: Claude Code usage</h1><p class=\"muted\">Made {request.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · {HtmlText.Escape(scope)}</p>");
        await page.WriteLineAsync("<div class=\"cards\">");
        await page.WriteLineAsync($"<div class=\"card\" id=\"total-cost\" data-value=\"{HtmlText.Exact(totals.TotalCost)}\">total cost<b>{HtmlText.Usd(totals.TotalCost)}</b></div>");
        await page.WriteLineAsync($"<div class=\"card\" id=\"total-tokens\" data-value=\"{totals.Tokens.Total}\">total tokens<b>{HtmlText.Count(totals.Tokens.Total)}</b></div>");
        await page.WriteLineAsync($"<div class=\"card\" id=\"total-days\" data-value=\"{data.Daily.Rows.Count}\">days<b>{data.Daily.Rows.Count}</b></div>");
        await page.WriteLineAsync($"<div class=\"card\" id=\"total-sessions\" data-value=\"{data.Sessions.Rows.Count}\">sessions<b>{HtmlText.Count(data.Sessions.Rows.Count)}</b></div>");
        long corrected = data.Corrections.Where(c => c.Status == "corrected").Sum(c => c.Prompts);
        await page.WriteLineAsync($"<div class=\"card\" id=\"total-corrected\" data-value=\"{corrected}\">prompts corrected<b>{HtmlText.Count(corrected)}</b></div>");
        await page.WriteLineAsync("</div>");
        if (totals.UnpricedModels.Count > 0)
            await page.WriteLineAsync($"<p class=\"muted\">Unpriced models (their cost counts as 0): {HtmlText.Escape(string.Join(", ", totals.UnpricedModels))}</p>");
        if (data.Daily.UndatedCalls > 0)
            await page.WriteLineAsync($"<p class=\"muted\">{HtmlText.Count(data.Daily.UndatedCalls)} API calls have no timestamp and are in no day.</p>");
    }

    private static async Task WriteChartAsync(TextWriter page, ChartSpec chart)
    {
        var head = $"<figure class=\"chart\" data-chart=\"{chart.Id}\" data-series=\"{chart.Series.Count}\" data-points=\"{chart.Points}\" aria-label=\"{HtmlText.Escape(chart.Title)}\">";
        if (chart.Points == 0)
        {
            await page.WriteLineAsync($"{head}<p class=\"muted\">{HtmlText.Escape(chart.Title)}: nothing to draw for these filters.</p></figure>");
            return;
        }
        await page.WriteAsync(head);
        await page.WriteAsync(SvgChart.Render(chart));
        await page.WriteLineAsync("</figure>");
    }

    private static async Task WriteProjectsAsync(TextWriter page, HtmlReportData data)
    {
        await page.WriteLineAsync("<h2>Projects by cost</h2><table id=\"projects\"><thead><tr><th>project</th><th class=\"n\">cost</th><th class=\"n\">tokens</th><th class=\"n\">sessions</th><th class=\"n\">prompts</th><th>models</th></tr></thead><tbody>");
        foreach (var row in data.Projects.Rows.Take(MostProjectRows))
        {
            var activity = data.ProjectActivity.GetValueOrDefault(row.Period);
            await page.WriteLineAsync($"<tr><td>{HtmlText.Escape(row.Period)}</td><td class=\"n\" data-value=\"{HtmlText.Exact(row.TotalCost)}\">{HtmlText.Usd(row.TotalCost)}</td><td class=\"n\">{HtmlText.Count(row.Tokens.Total)}</td>" +
                $"<td class=\"n\">{HtmlText.Count(activity?.Sessions ?? 0)}</td><td class=\"n\">{HtmlText.Count(activity?.Prompts ?? 0)}</td><td>{HtmlText.Escape(string.Join(", ", row.ModelsUsed))}</td></tr>");
        }
        await page.WriteLineAsync("</tbody></table>");
        if (data.Projects.Rows.Count > MostProjectRows)
            await page.WriteLineAsync($"<p class=\"muted\">and {data.Projects.Rows.Count - MostProjectRows} more: `hindsight report project` lists them all.</p>");
    }

    private static async Task WriteSessionTableAsync(TextWriter page, int allSessions, IReadOnlyList<UsageReportRow> top, IReadOnlyList<SessionActivity> activities)
    {
        await page.WriteLineAsync($"<h2>Top {top.Count} of {HtmlText.Count(allSessions)} sessions by cost</h2>");
        await page.WriteLineAsync("<table id=\"sessions\"><thead><tr><th>session</th><th>project</th><th class=\"n\">cost</th><th class=\"n\">tokens</th><th class=\"n\">duration</th><th class=\"n\">prompts</th><th>models</th></tr></thead><tbody>");
        for (int i = 0; i < top.Count; i++)
        {
            var row = top[i];
            var activity = activities[i];
            var duration = activity is { FirstAt: { } first, LastAt: { } last } ? HtmlText.Duration(last - first) : "";
            await page.WriteLineAsync($"<tr><td><a href=\"#s-{i + 1}\">{HtmlText.Escape(row.Period)}</a></td><td>{HtmlText.Escape(activity.Project)}</td>" +
                $"<td class=\"n\" data-value=\"{HtmlText.Exact(row.TotalCost)}\">{HtmlText.Usd(row.TotalCost)}</td><td class=\"n\">{HtmlText.Count(row.Tokens.Total)}</td>" +
                $"<td class=\"n\">{duration}</td><td class=\"n\">{HtmlText.Count(activity.Prompts)}</td><td>{HtmlText.Escape(string.Join(", ", row.ModelsUsed))}</td></tr>");
        }
        await page.WriteLineAsync("</tbody></table>");
    }
}
