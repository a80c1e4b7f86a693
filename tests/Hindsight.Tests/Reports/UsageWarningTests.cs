using System.Text.Json;

namespace Hindsight.Tests.Reports;

/// <summary>
/// Lines with usage but neither message.id nor requestId cannot be deduplicated: the run summary, `report` and
/// `report --json` say how many there are and what share of the tokens they hold (tests/fixtures/usage, session D).
/// </summary>
public sealed class UsageWarningTests
{
    private static async Task<(string Db, string RunOutput)> RunAsync(TempDirectory dir, string projects)
    {
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", projects, "--db", db, "--provider", "none");
        Assert.True(run.ExitCode == 0, run.ToString());
        return (db, run.Output);
    }

    private static int IdlessLines() =>
        UsageFixtures.Records($"-home-ana-work-archive/{UsageFixtures.ArchiveSession}.jsonl")
            .Count(r => (string?)r["type"] == "assistant" && r["requestId"] is null && r["message"]?["id"] is null && r["message"]?["usage"] is not null);

    [Fact]
    public async Task The_run_summary_warns_about_lines_without_ids_with_their_count()
    {
        using var dir = new TempDirectory();
        var (_, output) = await RunAsync(dir, UsageFixtures.ProjectsWithOnly(dir, "-home-ana-work-archive"));

        Assert.Contains($"warning: {IdlessLines()} lines with usage carry neither message.id nor requestId", output);
        Assert.Contains("100.0 % of the tokens", output);
    }

    [Fact]
    public async Task Report_json_carries_the_count_and_the_token_share_of_lines_without_ids()
    {
        using var dir = new TempDirectory();
        var (db, _) = await RunAsync(dir, UsageFixtures.Projects);

        var report = await ReportWarehouse.ReportAsync(db, "daily", "--json");

        Assert.Equal(0, report.ExitCode);
        var warnings = report.Json["warnings"]!;
        Assert.Equal(IdlessLines(), warnings["usageLinesWithoutIds"]!.GetValue<long>());
        var idlessTokens = await WarehouseProbe.ScalarAsync<long>(db, "SELECT sum(total_tokens)::BIGINT FROM api_calls WHERE usage_source = 'no_ids'");
        var allTokens = report.Json["totals"]!["totalTokens"]!.GetValue<long>();
        Assert.Equal(idlessTokens, warnings["tokensWithoutIds"]!.GetValue<long>());
        Assert.Equal((double)idlessTokens / allTokens, warnings["tokenShareWithoutIds"]!.GetValue<double>(), 4);
        using var doc = JsonDocument.Parse(report.Output);
        Assert.Equal(["daily", "totals", "warnings"], doc.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_report_table_says_the_same_and_a_filter_that_leaves_those_lines_out_drops_the_warning()
    {
        using var dir = new TempDirectory();
        var (db, _) = await RunAsync(dir, UsageFixtures.Projects);

        var all = await ReportWarehouse.ReportAsync(db, "daily");
        var agentsOnly = await ReportWarehouse.ReportAsync(db, "daily", "--project", "-home-ana-work-agents");
        var agentsJson = await ReportWarehouse.ReportAsync(db, "daily", "--json", "--project", "-home-ana-work-agents");

        Assert.Contains("lines with usage carry neither message.id nor requestId", all.Output);
        Assert.DoesNotContain("neither message.id", agentsOnly.Output);
        Assert.Equal(0, agentsJson.Json["warnings"]!["usageLinesWithoutIds"]!.GetValue<long>());
    }

    [Fact]
    public async Task Identical_usage_is_merged_only_along_a_parent_chain_and_a_later_call_with_the_same_usage_stays_its_own()
    {
        using var dir = new TempDirectory();
        var (db, _) = await RunAsync(dir, UsageFixtures.ProjectsWithOnly(dir, "-home-ana-work-archive"));

        var rows = await WarehouseProbe.RowsAsync(db, "SELECT lines, total_tokens FROM api_calls ORDER BY line_no");

        // Three block lines of one response chain to each other: one call. The last line repeats the usage but
        // follows a tool result: a second call, not merged.
        Assert.Equal([3, 1], rows.Select(r => (int)r[0]!));
        Assert.Equal(rows[0][1], rows[1][1]);
        Assert.Equal(IdlessLines(), rows.Sum(r => (int)r[0]!));
    }

    [Fact]
    public async Task The_usage_report_says_how_many_subagent_calls_carry_an_unfinalised_output_count()
    {
        using var dir = new TempDirectory();
        var (db, _) = await RunAsync(dir, UsageFixtures.ProjectsWithOnly(dir, "-home-ana-work-agents"));
        var frozen = UsageFixtures.Records($"-home-ana-work-agents/{UsageFixtures.CostStateSession}/subagents/agent-a4c9e2b7d1f30586e.jsonl")
            .Count(r => (string?)r["type"] == "assistant" && r["message"]?["stop_reason"] is null);

        var json = (await ReportWarehouse.ReportAsync(db, "daily", "--json")).Json;
        var table = await ReportWarehouse.ReportAsync(db, "daily");

        Assert.True(frozen > 0);
        Assert.Equal(frozen, json["warnings"]!["outputUnfinalizedCalls"]!.GetValue<long>());
        Assert.Contains($"{frozen} subagent calls carry an unfinalised output count", table.Output);
    }
}
