
namespace Hindsight.Tests.Stages.Clean;

/// <summary>
/// Subagent calls copied into the parent's progress records (data.message.usage, Claude Code 2.1.x): counted when the
/// subagent's own file is missing, never twice when it is present (tests/fixtures/usage, sessions A and B).
/// </summary>
public sealed class ProgressCopyUsageTests
{
    private static async Task<string> RunAsync(TempDirectory dir, string projects)
    {
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", projects, "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        return db;
    }

    [Fact]
    public async Task A_subagent_whose_own_file_is_missing_still_counts_every_call_its_parent_copied()
    {
        using var dir = new TempDirectory();
        var db = await RunAsync(dir, UsageFixtures.Projects);
        var copied = UsageFixtures.ProgressCopyIds($"-home-ana-work-agents/{UsageFixtures.MissingSubagentSession}.jsonl");

        var rows = await WarehouseProbe.RowsAsync(db,
            $"SELECT message_id, usage_source, is_sidechain, lines FROM api_calls WHERE session_id = '{UsageFixtures.MissingSubagentSession}' AND usage_source = 'progress_copy'");

        Assert.NotEmpty(copied);
        Assert.Equal(copied.Order(StringComparer.Ordinal), rows.Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True((bool)r[2]!, "a copied subagent call is a sidechain call"));
        // The answer was copied twice (two progress lines of one streamed response): one call, two lines.
        Assert.Contains(rows, r => (int)r[3]! == 2);
    }

    [Fact]
    public async Task A_subagent_whose_own_file_is_present_is_counted_once_from_its_own_lines()
    {
        using var dir = new TempDirectory();
        var db = await RunAsync(dir, UsageFixtures.Projects);
        var copied = UsageFixtures.ProgressCopyIds($"-home-ana-work-agents/{UsageFixtures.PresentSubagentSession}.jsonl");

        var rows = await WarehouseProbe.RowsAsync(db,
            $"SELECT message_id, count(*), bool_and(usage_source = 'line'), min(cache_creation_5m_tokens) FROM api_calls WHERE session_id = '{UsageFixtures.PresentSubagentSession}' GROUP BY 1");

        Assert.NotEmpty(copied);
        foreach (var id in copied)
        {
            var row = Assert.Single(rows, r => (string)r[0]! == id);
            Assert.Equal(1L, Convert.ToInt64(row[1]));
            Assert.True((bool)row[2]!, $"{id} should come from the subagent's own line, not from the progress copy");
        }
        // The own line carries the 5m/1h split that the copy lacks, so the call is priced as written.
        Assert.All(rows.Where(r => copied.Contains((string)r[0]!)), r => Assert.True(Convert.ToInt64(r[3]) > 0));
    }

    [Fact]
    public async Task A_copy_with_a_larger_total_than_the_subagents_own_line_still_loses_to_it()
    {
        using var dir = new TempDirectory();
        var project = Directory.CreateDirectory(dir.Combine("projects/-home-ana-x")).FullName;
        const string session = "11111111-1111-4111-8111-111111111111";
        var copy = """{"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/home/ana/x","sessionId":"11111111-1111-4111-8111-111111111111","version":"2.1.44","gitBranch":"main","type":"progress","data":{"type":"agent_progress","agentId":"a1b2c3d","message":{"type":"assistant","message":{"model":"claude-haiku-4-5-20251001","id":"msg_copy_then_own","type":"message","role":"assistant","content":[],"usage":{"input_tokens":9,"output_tokens":900,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}},"requestId":"req_copy_then_own","uuid":"aaaaaaaa-0000-4000-8000-000000000002","timestamp":"2026-03-02T09:00:01.000Z"}},"toolUseID":"agent_msg","parentToolUseID":"toolu_x","timestamp":"2026-03-02T09:00:01.100Z","uuid":"aaaaaaaa-0000-4000-8000-000000000001"}""";
        var own = """{"parentUuid":null,"isSidechain":true,"agentId":"a1b2c3d","userType":"external","cwd":"/home/ana/x","sessionId":"11111111-1111-4111-8111-111111111111","version":"2.1.44","gitBranch":"main","message":{"id":"msg_copy_then_own","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001","content":[],"stop_reason":"end_turn","usage":{"input_tokens":9,"output_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}},"requestId":"req_copy_then_own","type":"assistant","uuid":"aaaaaaaa-0000-4000-8000-000000000003","timestamp":"2026-03-02T09:00:01.000Z"}""";
        await File.WriteAllTextAsync(Path.Combine(project, session + ".jsonl"), copy + "\n", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(project, session, "subagents"));
        await File.WriteAllTextAsync(Path.Combine(project, session, "subagents", "agent-a1b2c3d.jsonl"), own + "\n", TestContext.Current.CancellationToken);

        var db = await RunAsync(dir, dir.Combine("projects"));
        var rows = await WarehouseProbe.RowsAsync(db, "SELECT usage_source, output_tokens, lines FROM api_calls");

        var call = Assert.Single(rows);
        Assert.Equal("line", call[0]);
        Assert.Equal(40L, call[1]);
        Assert.Equal(2, call[2]);
    }
}
