using System.Globalization;
using System.Text.Json;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>
/// `report html`'s page in a real browser (Debian's Chromium, headless, driven by Playwright): it loads from disk with
/// no console error and no request, draws every chart, shows `report daily --json`'s totals, opens a session with a
/// corrected prompt's diff, keeps a typed &lt;img&gt; as text, and its search box finds a planted phrase.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HtmlReportBrowserTests(HtmlReportBrowserFixture fixture) : IClassFixture<HtmlReportBrowserFixture>
{
    private sealed record ChartSeen(string Id, int Series, int Points, int Bars, double Width);

    [Fact]
    public async Task The_page_loads_offline_without_errors_draws_every_chart_and_shows_the_daily_reports_totals()
    {
        if (fixture.SkipReason is { } reason) Assert.Skip(reason);
        var (page, requests, errors) = await fixture.OpenAsync();

        var charts = JsonSerializer.Deserialize<ChartSeen[]>(await page.EvaluateAsync<string>("""
            JSON.stringify(Array.from(document.querySelectorAll('figure.chart')).map(f => ({
              Id: f.dataset.chart, Series: +f.dataset.series, Points: +f.dataset.points,
              // ScottPlot draws each bar, and each legend swatch, as a rect filled with its series' colour.
              Bars: Array.from(f.querySelectorAll('svg rect[fill]')).filter(r => /^#[0-9a-f]{6}$/i.test(r.getAttribute('fill')) && !/^#(ffffff|010101|000000)$/i.test(r.getAttribute('fill'))).length,
              Width: f.querySelector('svg') ? f.querySelector('svg').getBoundingClientRect().width : 0 })))
            """))!;

        Assert.Equal(["cost-per-day", "tokens-per-day", "cost-by-project", "token-mix", "sessions-per-day", "corrections", "runs"], charts.Select(c => c.Id));
        Assert.All(charts, chart =>
        {
            Assert.True(chart.Width > 300, $"{chart.Id} is not drawn at a readable width ({chart.Width}px)");
            Assert.True(chart.Points > 0, $"{chart.Id} has nothing to draw");
            // Each point is one bar; a chart with a legend adds one swatch per series.
            Assert.True(chart.Bars == chart.Points + (chart.Series > 1 ? chart.Series : 0), $"{chart.Id}: {chart.Bars} coloured rects for {chart.Points} points in {chart.Series} series");
        });
        var days = fixture.DailyJson["daily"]!.AsArray();
        var models = days.SelectMany(d => d!["modelBreakdowns"]!.AsArray().Select(m => (string)m!["modelName"]!)).Distinct().ToList();
        int modelDays = days.Sum(d => d!["modelBreakdowns"]!.AsArray().Count(m => (double)m!["cost"]! > 0));
        var byId = charts.ToDictionary(c => c.Id);
        Assert.Equal((models.Count, modelDays), (byId["cost-per-day"].Series, byId["cost-per-day"].Points));
        Assert.Equal((1, days.Count), (byId["sessions-per-day"].Series, byId["sessions-per-day"].Points));
        Assert.Equal((1, 2), (byId["cost-by-project"].Series, byId["cost-by-project"].Points));

        var totals = fixture.DailyJson["totals"]!;
        double shownCost = double.Parse(await page.GetAttributeAsync("#total-cost", "data-value") ?? "", CultureInfo.InvariantCulture);
        Assert.Equal((double)totals["totalCost"]!, shownCost, 1e-9);
        Assert.Contains("$" + ((double)totals["totalCost"]!).ToString("N2", CultureInfo.InvariantCulture), await page.InnerTextAsync("#total-cost"), StringComparison.Ordinal);
        Assert.Equal((long)totals["totalTokens"]!, long.Parse(await page.GetAttributeAsync("#total-tokens", "data-value") ?? "", CultureInfo.InvariantCulture));
        Assert.Contains(((long)totals["totalTokens"]!).ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("#total-tokens"), StringComparison.Ordinal);

        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "report-html.png"), FullPage = true });
        Assert.Empty(errors);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task A_session_opened_from_the_table_shows_the_corrected_prompt_as_a_diff_and_its_dead_letter()
    {
        if (fixture.SkipReason is { } reason) Assert.Skip(reason);
        var (page, requests, errors) = await fixture.OpenAsync();

        await page.ClickAsync($"#sessions a:text('{HtmlReportBrowserFixture.SessionA}')");
        var session = page.Locator($"details.session[data-session='{HtmlReportBrowserFixture.SessionA}']");
        Assert.True(await session.EvaluateAsync<bool>("d => d.open"), "the session did not open");
        var diff = session.Locator(".diff[data-correction='corrected']");
        Assert.True(await diff.IsVisibleAsync(), "the corrected prompt's diff is not shown");
        Assert.Equal(["pleese", "teh"], (await diff.Locator("del").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(["please", "the"], (await diff.Locator("ins").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(1, await session.Locator("[data-kind='dead_letter']").CountAsync());
        Assert.Empty(errors);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task An_img_tag_typed_in_a_prompt_is_shown_as_text_and_fetches_nothing()
    {
        if (fixture.SkipReason is { } reason) Assert.Skip(reason);
        var (page, requests, errors) = await fixture.OpenAsync("#s-1");
        await page.EvaluateAsync("document.querySelectorAll('details.session').forEach(d => d.open = true)");

        Assert.Equal(0, await page.Locator("details.session img").CountAsync());
        Assert.Contains(HtmlReportBrowserFixture.PlantedImage, await page.Locator("details.session").AllInnerTextsAsync() is var texts ? string.Join("\n", texts) : "", StringComparison.Ordinal);
        Assert.Empty(errors);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task The_search_box_keeps_only_the_sessions_holding_a_planted_phrase()
    {
        if (fixture.SkipReason is { } reason) Assert.Skip(reason);
        var (page, _, errors) = await fixture.OpenAsync();

        await page.FillAsync("#search", HtmlReportBrowserFixture.PlantedPhrase.ToUpperInvariant());
        var shown = await page.EvaluateAsync<string[]>("Array.from(document.querySelectorAll('details.session')).filter(d => !d.hidden).map(d => d.dataset.session)");
        Assert.Equal([HtmlReportBrowserFixture.SessionA], shown);
        Assert.Equal("1 of 2 sessions contain it", await page.InnerTextAsync("#search-count"));
        Assert.Empty(errors);
    }

    private const string VisibleSessions = "Array.from(document.querySelectorAll('details.session')).filter(d => !d.hidden).map(d => d.dataset.session)";

    private const string Highlighted = "Array.from(CSS.highlights.get('search') || []).map(r => r.toString().toLowerCase())";

    [Fact]
    public async Task The_search_ranks_the_sessions_that_hold_every_term_and_highlights_the_matches()
    {
        if (fixture.SkipReason is { } reason) Assert.Skip(reason);
        var (page, _, errors) = await fixture.OpenAsync();
        var unsorted = await page.EvaluateAsync<string[]>(VisibleSessions);

        // Session A says "the" three times (its corrected prompt and the answer), B once: A first, though B costs more.
        await page.FillAsync("#search", "the");
        var ranked = await page.EvaluateAsync<string[]>(VisibleSessions);
        var theMarks = await page.EvaluateAsync<string[]>(Highlighted);
        await page.FillAsync("#search", "the health");
        var both = await page.EvaluateAsync<string[]>(VisibleSessions);
        await page.FillAsync("#search", "\"zanzibar quokka\"");
        var phrase = await page.EvaluateAsync<string[]>(VisibleSessions);
        await page.FillAsync("#search", "\"quokka zanzibar\"");
        var reversed = await page.EvaluateAsync<string[]>(VisibleSessions);
        string reversedCount = await page.InnerTextAsync("#search-count");
        await page.FillAsync("#search", "zanzib*");
        var prefix = await page.EvaluateAsync<string[]>(VisibleSessions);
        var prefixMarks = await page.EvaluateAsync<string[]>(Highlighted);
        await page.FillAsync("#search", "");
        var cleared = await page.EvaluateAsync<string[]>(VisibleSessions);

        Assert.Equal([HtmlReportBrowserFixture.SessionB, HtmlReportBrowserFixture.SessionA], unsorted);
        Assert.Equal([HtmlReportBrowserFixture.SessionA, HtmlReportBrowserFixture.SessionB], ranked);
        Assert.True(theMarks.Length >= 4 && theMarks.All(m => m == "the"), string.Join(",", theMarks));
        Assert.Equal([HtmlReportBrowserFixture.SessionB], both);
        Assert.Equal([HtmlReportBrowserFixture.SessionA], phrase);
        Assert.Empty(reversed);
        Assert.Equal("0 of 2 sessions contain it", reversedCount);
        Assert.Equal([HtmlReportBrowserFixture.SessionA], prefix);
        Assert.Equal(["zanzibar"], prefixMarks.Distinct());
        Assert.Equal(unsorted, cleared);
        Assert.Empty(errors);
    }
}
