using System.Text.Json.Nodes;

namespace Hindsight.Tests.Reports.Reconcile;

/// <summary>
/// cost-state snapshots stored typed (the last in file order per session wins) and `hindsight report reconcile`
/// beside Hindsight's own calls, on tests/fixtures/usage session C (2.1.286, frozen subagent output, Haiku side calls).
/// </summary>
public sealed class ReconcileReportTests
{
    private static async Task<string> RunAsync(TempDirectory dir)
    {
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", UsageFixtures.Projects, "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        return db;
    }

    private static JsonObject LastSnapshot() =>
        UsageFixtures.Records($"-home-ana-work-agents/{UsageFixtures.CostStateSession}.jsonl").Last(r => (string?)r["type"] == "cost-state");

    [Fact]
    public async Task The_last_cost_state_snapshot_of_a_session_is_stored_per_model()
    {
        using var dir = new TempDirectory();
        var db = await RunAsync(dir);
        var last = LastSnapshot()["modelUsage"]!.AsObject();

        var rows = await WarehouseProbe.RowsAsync(db, "SELECT model, input_tokens, output_tokens, cache_read_tokens, cache_creation_5m_tokens, web_search_requests, cost_usd FROM cost_states ORDER BY model");

        Assert.Equal(last.Select(p => p.Key).Order(StringComparer.Ordinal), rows.Select(r => (string)r[0]!));
        foreach (var row in rows)
        {
            var usage = last[(string)row[0]!]!;
            Assert.Equal(usage["inputTokens"]!.GetValue<long>(), row[1]);
            Assert.Equal(usage["outputTokens"]!.GetValue<long>(), row[2]);
            Assert.Equal(usage["cacheReadInputTokens"]!.GetValue<long>(), row[3]);
            Assert.Equal(usage["cacheCreationEphemeral5mInputTokens"]!.GetValue<long>(), row[4]);
            Assert.Equal(usage["webSearchRequests"]!.GetValue<long>(), row[5]);
            Assert.Equal(usage["costUSD"]!.GetValue<double>(), row[6]);
        }
    }

    [Fact]
    public async Task Reconcile_json_sets_each_model_beside_claude_codes_totals_and_explains_the_frozen_subagent_output()
    {
        using var dir = new TempDirectory();
        var db = await RunAsync(dir);
        var last = LastSnapshot()["modelUsage"]!.AsObject();

        var result = await ReportWarehouse.ReportAsync(db, "reconcile", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Json["reconcile"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.All(rows, r => Assert.Equal(UsageFixtures.CostStateSession, (string?)r["sessionId"]));
        foreach (var row in rows)
        {
            var model = (string)row["model"]!;
            var ours = await WarehouseProbe.ScalarAsync<long>(db,
                $"SELECT sum(output_tokens)::BIGINT FROM api_calls WHERE session_id = '{UsageFixtures.CostStateSession}' AND model = '{model}'");
            Assert.Equal(ours, row["hindsight"]!["outputTokens"]!.GetValue<long>());
            Assert.Equal(last[model]!["outputTokens"]!.GetValue<long>(), row["claudeCode"]!["outputTokens"]!.GetValue<long>());
            Assert.Equal(last[model]!["outputTokens"]!.GetValue<long>() - ours, row["difference"]!["outputTokens"]!.GetValue<long>());
        }
        var frozen = rows.Single(r => r["outputUnfinalizedCalls"]!.GetValue<long>() > 0);
        Assert.Equal("output_unfinalized", (string?)frozen["status"]);
        // The other sessions have no snapshot (older Claude Code) and are counted, not compared.
        Assert.Equal(3, result.Json["sessionsWithoutSnapshot"]!.GetValue<long>());
    }

    [Fact]
    public async Task Reconcile_takes_the_report_filters_and_prints_a_table_with_the_reasons()
    {
        using var dir = new TempDirectory();
        var db = await RunAsync(dir);

        var table = await ReportWarehouse.ReportAsync(db, "reconcile");
        var otherProject = await ReportWarehouse.ReportAsync(db, "reconcile", "--json", "--project", "-home-ana-work-archive");
        var beforeTheSession = await ReportWarehouse.ReportAsync(db, "reconcile", "--json", "--until", "2026-03-03");
        var badDate = await ReportWarehouse.ReportAsync(db, "reconcile", "--since", "yesterday");

        Assert.Contains("output_unfinalized", table.Output);
        Assert.Empty(otherProject.Json["reconcile"]!.AsArray());
        Assert.Empty(beforeTheSession.Json["reconcile"]!.AsArray());
        Assert.Equal(2, badDate.ExitCode);
    }
}
