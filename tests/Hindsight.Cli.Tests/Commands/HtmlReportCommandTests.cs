using System.Globalization;
using System.Text.Json.Nodes;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>`report html` from the command line: what it writes, what it refuses (the browser tests look at the page itself).</summary>
public sealed class HtmlReportCommandTests
{
    private const string Session = "cccccccc-3333-4333-8333-333333333333";

    [Fact]
    public async Task The_page_carries_the_daily_reports_totals_and_escapes_what_was_typed()
    {
        using var dir = new TempDirectory();
        dir.Write($"projects/-home-dev-shop/{Session}.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("u1", "show <img src=http://127.0.0.1:9/x.png> and <script>alert(1)</script> here", Session),
            TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("done"), output: 50, session: Session)));
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--no-local-fallback", "-q")).ExitCode);

        var html = await HindsightCli.RunAsync("report", "html", "--db", db, "--out", dir.Combine("r.html"), "--json");
        var daily = JsonNode.Parse((await HindsightCli.RunAsync("report", "daily", "--json", "--db", db)).Output)!["totals"]!;

        Assert.True(html.ExitCode == 0, html.ToString());
        var summary = JsonNode.Parse(html.Output)!;
        Assert.Equal(((double)daily["totalCost"]!, (long)daily["totalTokens"]!), ((double)summary["totalCost"]!, (long)summary["totalTokens"]!));
        var page = File.ReadAllText(dir.Combine("r.html"));
        Assert.Equal(new FileInfo(dir.Combine("r.html")).Length, (long)summary["bytes"]!);
        Assert.Contains($"id=\"total-cost\" data-value=\"{((double)daily["totalCost"]!).ToString("R", CultureInfo.InvariantCulture)}\"", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=http://127.0.0.1:9/x.png&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("r.html.partial")));
    }

    [Fact]
    public async Task With_agent_the_charts_and_tables_hold_only_that_agents_calls()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var codexHome = Path.Combine(RepositoryPaths.Fixtures, "codex", "home");
        var run = await HindsightCli.RunAsync("run", "--source", RepositoryPaths.FixtureProjects, "--source", "codex=" + codexHome, "--db", db, "--no-local-fallback", "-q");
        Assert.True(run.ExitCode == 0, run.ToString());

        var html = await HindsightCli.RunAsync("report", "html", "--db", db, "--out", dir.Combine("r.html"), "--agent", "codex", "--json");
        var codexDaily = JsonNode.Parse((await HindsightCli.RunAsync("report", "daily", "--json", "--db", db, "--agent", "codex")).Output)!;
        var allDaily = JsonNode.Parse((await HindsightCli.RunAsync("report", "daily", "--json", "--db", db)).Output)!;
        var codexProjects = JsonNode.Parse((await HindsightCli.RunAsync("report", "project", "--json", "--db", db, "--agent", "codex")).Output)!;

        Assert.True(html.ExitCode == 0, html.ToString());
        var summary = JsonNode.Parse(html.Output)!;
        Assert.Equal((double)codexDaily["totals"]!["totalCost"]!, (double)summary["totalCost"]!);
        Assert.Equal((long)codexDaily["totals"]!["totalTokens"]!, (long)summary["totalTokens"]!);
        int codexDays = codexDaily["daily"]!.AsArray().Count;
        Assert.NotEqual(allDaily["daily"]!.AsArray().Count, codexDays);
        var page = File.ReadAllText(dir.Combine("r.html"));
        Assert.Contains($"data-chart=\"sessions-per-day\" data-series=\"1\" data-points=\"{codexDays}\"", page, StringComparison.Ordinal);
        Assert.Contains("agent codex", page, StringComparison.Ordinal);
        int tableAt = page.IndexOf("<table id=\"projects\">", StringComparison.Ordinal);
        var projectTable = page[tableAt..page.IndexOf("</table>", tableAt, StringComparison.Ordinal)];
        int projectRows = System.Text.RegularExpressions.Regex.Count(projectTable, "<tr><td>");
        Assert.Equal(codexProjects["project"]!.AsArray().Count, projectRows);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_session_with_more_tool_output_than_the_memory_limit_is_shown_clipped_with_its_full_length()
    {
        // 48 tool results of 1 MB in one session: joined whole before they were clipped, they did not fit 128 MB.
        using var dir = new TempDirectory();
        const int Results = 48;
        dir.Write($"projects/-home-ana-shop/{Session}.jsonl", TranscriptLines.SessionOfLargeToolResults(Session, Results, resultChars: 1_000_000));
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--no-local-fallback", "-q");
        Assert.True(run.ExitCode == 0, run.ToString());

        var html = await HindsightCli.RunAsync("report", "html", "--db", db, "--out", dir.Combine("r.html"), "--memory-limit", "128MB");

        Assert.True(html.ExitCode == 0, html.ToString());
        var page = File.ReadAllText(dir.Combine("r.html"));
        Assert.True(page.Length < 2_000_000, $"the page holds {page.Length:N0} characters: the tool outputs were not clipped");
        int clipped = System.Text.RegularExpressions.Regex.Count(page, @"… \(\d[\d,]* more characters\)");
        Assert.Equal(Results, clipped);
    }

    [Fact]
    public async Task An_existing_file_that_report_html_did_not_write_is_left_as_it_was()
    {
        using var dir = new TempDirectory();
        var notes = dir.Write("notes.html", "<html><body>my own notes</body></html>");

        var result = await HindsightCli.RunAsync("report", "html", "--db", dir.Combine("h.duckdb"), "--out", notes);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a page `report html` wrote", result.Error, StringComparison.Ordinal);
        Assert.Equal("<html><body>my own notes</body></html>", File.ReadAllText(notes));
    }

    [Theory]
    [InlineData("--sessions", "-1", "--sessions must be 0 or more")]
    [InlineData("--since", "2026-13-01", "--since")]
    public async Task A_bad_option_is_a_usage_error_and_writes_nothing(string option, string value, string said)
    {
        using var dir = new TempDirectory();

        var result = await HindsightCli.RunAsync("report", "html", "--db", dir.Combine("h.duckdb"), "--out", dir.Combine("r.html"), option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(said, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("r.html")));
    }
}
