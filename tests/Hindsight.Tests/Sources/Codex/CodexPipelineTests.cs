using System.Globalization;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Sources.Codex;

/// <summary>
/// Codex CLI end to end through the command line, on tests/fixtures/codex (a CODEX_HOME laid out as Codex writes it):
/// the rows of expected.json, idempotent re-runs, appends read alone, lines = records + dead letters per file, and
/// reports filtered and grouped by agent.
/// </summary>
public sealed class CodexPipelineTests
{
    private static readonly string Fixtures = Path.Combine(RepositoryPaths.Fixtures, "codex");
    private static readonly JsonNode Expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json")))!;

    private static async Task<CliResult> RunAsync(string db, params string[] sources)
    {
        var args = new List<string> { "run", "--db", db, "--manifest", db + ".json", "--provider", "none", "--quiet", "--json" };
        foreach (var source in sources) args.AddRange(["--source", source]);
        var result = await HindsightCli.RunAsync([.. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static JsonObject Home(string name) => Expected["homes"]![name]!.AsObject();

    [Theory]
    [InlineData("home")]
    [InlineData("priority")]
    public async Task A_run_over_a_codex_home_stores_every_line_and_the_expected_calls(string home)
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var root = Path.Combine(Fixtures, home);
        await RunAsync(db, "codex=" + root);

        var expectedFiles = Home(home)["files"]!.AsArray().Select(f => f!.AsObject()).ToList();
        var stored = await WarehouseProbe.RowsAsync(db, """
            SELECT f.relative_path, f.agent, f.ingested_lines,
                   (SELECT count(*) FROM records r WHERE r.file_id = f.file_id AND r.agent = 'codex'),
                   (SELECT count(*) FROM dead_letters d WHERE d.file_id = f.file_id AND d.agent = 'codex'),
                   (SELECT count(*) FROM messages m WHERE m.file_id = f.file_id AND m.kind = 'human_prompt' AND m.agent = 'codex')
            FROM files f ORDER BY f.relative_path
            """);
        Assert.Equal(expectedFiles.Select(f => f["path"]!.GetValue<string>()).Order(StringComparer.Ordinal), stored.Select(r => (string)r[0]!));
        foreach (var row in stored)
        {
            var expected = expectedFiles.Single(f => f["path"]!.GetValue<string>() == (string)row[0]!);
            Assert.Equal("codex", row[1]);
            Assert.Equal(expected["lines"]!.GetValue<long>(), Convert.ToInt64(row[2], CultureInfo.InvariantCulture));
            Assert.Equal(expected["records"]!.GetValue<long>(), Convert.ToInt64(row[3], CultureInfo.InvariantCulture));
            Assert.Equal(expected["dead_letters"]!.GetValue<long>(), Convert.ToInt64(row[4], CultureInfo.InvariantCulture));
            Assert.Equal(expected["human_prompts"]!.GetValue<long>(), Convert.ToInt64(row[5], CultureInfo.InvariantCulture));
            // Every line is a record or a dead letter.
            Assert.Equal(Convert.ToInt64(row[2], CultureInfo.InvariantCulture), Convert.ToInt64(row[3], CultureInfo.InvariantCulture) + Convert.ToInt64(row[4], CultureInfo.InvariantCulture));
        }

        var calls = await WarehouseProbe.RowsAsync(db, """
            SELECT strftime(timezone('UTC', "timestamp"), '%Y-%m-%d'), model, count(*), sum(input_tokens)::BIGINT, sum(cache_read_tokens)::BIGINT, sum(output_tokens)::BIGINT,
                   bool_and(is_priced), sum(cost_usd)
            FROM api_calls WHERE agent = 'codex' GROUP BY ALL ORDER BY 1, 2
            """);
        var expectedUsage = Home(home)["usage"]!.AsArray().Select(u => u!.AsObject()).ToList();
        Assert.Equal(expectedUsage.Count, calls.Count);
        foreach (var (row, expected) in calls.Zip(expectedUsage))
        {
            Assert.Equal(expected["date"]!.GetValue<string>(), row[0]);
            Assert.Equal(expected["model"]!.GetValue<string>(), row[1]);
            Assert.Equal(expected["calls"]!.GetValue<long>(), Convert.ToInt64(row[2], CultureInfo.InvariantCulture));
            Assert.Equal(expected["input"]!.GetValue<long>(), Convert.ToInt64(row[3], CultureInfo.InvariantCulture));
            Assert.Equal(expected["cached"]!.GetValue<long>(), Convert.ToInt64(row[4], CultureInfo.InvariantCulture));
            Assert.Equal(expected["output"]!.GetValue<long>(), Convert.ToInt64(row[5], CultureInfo.InvariantCulture));
            Assert.Equal(expected["priced"]!.GetValue<bool>(), row[6]);
            if (expected["cost_usd"] is { } cost) Assert.Equal(cost.GetValue<double>(), Convert.ToDouble(row[7], CultureInfo.InvariantCulture), 9);
        }
    }

    [Fact]
    public async Task A_second_run_over_the_same_codex_home_changes_nothing()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var root = Path.Combine(Fixtures, "home");
        await RunAsync(db, "codex=" + root);
        var first = await WarehouseProbe.ChecksumsAsync(db, ["records", "content_blocks", "dead_letters", "messages", "api_calls", "entities"]);
        await RunAsync(db, "codex=" + root);
        Assert.Equal(first, await WarehouseProbe.ChecksumsAsync(db, ["records", "content_blocks", "dead_letters", "messages", "api_calls", "entities"]));
    }

    [Fact]
    public async Task An_appended_token_count_is_read_alone_and_becomes_one_more_call()
    {
        using var dir = new TempDirectory();
        var home = Path.Combine(dir.Path, "codex");
        var rollout = Path.Combine(home, "sessions", "2026", "11", "05", "rollout-2026-11-05T08-00-00-3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(rollout)!);
        File.Copy(Path.Combine(Fixtures, "priority", "sessions", "2026", "11", "05", Path.GetFileName(rollout)), rollout);
        var db = dir.Combine("h.duckdb");
        await RunAsync(db, "codex=" + home);
        var before = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls WHERE agent = 'codex'");

        await File.AppendAllTextAsync(rollout,
            """{"timestamp":"2026-11-05T08:05:00.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":26000,"cached_input_tokens":9000,"output_tokens":1300,"reasoning_output_tokens":500,"total_tokens":27300},"last_token_usage":{"input_tokens":6000,"cached_input_tokens":4000,"output_tokens":300,"reasoning_output_tokens":100,"total_tokens":6300},"model_context_window":272000}}}""" + "\n",
            TestContext.Current.CancellationToken);
        var run = await RunAsync(db, "codex=" + home);

        Assert.Equal(1L, Extracted(run));
        Assert.Equal(7L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records WHERE agent = 'codex'"));
        Assert.Equal(before + 1, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls WHERE agent = 'codex'"));
        var last = (await WarehouseProbe.RowsAsync(db, "SELECT input_tokens, cache_read_tokens, output_tokens FROM api_calls WHERE agent = 'codex' ORDER BY line_no DESC LIMIT 1"))[0];
        Assert.Equal([2000L, 4000L, 300L], last.Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)));
    }

    /// <summary>Stage 1's records written in this run, from the run's JSON.</summary>
    private static long Extracted(CliResult run) =>
        run.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 1)!["items_out"]!.GetValue<long>();

    [Fact]
    public async Task Reports_filter_and_group_calls_by_agent()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        await RunAsync(db, "codex=" + Path.Combine(Fixtures, "home"), Path.Combine(RepositoryPaths.Fixtures, "usage", "projects"));

        var codex = await HindsightCli.RunAsync("report", "daily", "--json", "--agent", "codex", "--db", db);
        Assert.True(codex.ExitCode == 0, codex.ToString());
        var codexDays = codex.Json["daily"]!.AsArray().Select(d => d!["period"]!.GetValue<string>()).ToList();
        Assert.Equal(["2026-10-30", "2026-11-03", "2026-11-04"], codexDays);
        Assert.Equal(23000 + 1000 + 3000 + 1000, codex.Json["totals"]!["inputTokens"]!.GetValue<long>());

        var claude = await HindsightCli.RunAsync("report", "daily", "--json", "--agent", "claude_code", "--db", db);
        Assert.True(claude.ExitCode == 0, claude.ToString());
        Assert.DoesNotContain(claude.Json["daily"]!.AsArray(), d => d!["modelBreakdowns"]!.AsArray().Any(m => m!["modelName"]!.GetValue<string>().StartsWith("gpt-", StringComparison.Ordinal)));

        var byAgent = await HindsightCli.RunAsync("report", "agent", "--json", "--db", db);
        Assert.True(byAgent.ExitCode == 0, byAgent.ToString());
        var agents = byAgent.Json["agent"]!.AsArray().Select(r => r!["period"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["claude_code", "codex"], agents);

        var unknown = await HindsightCli.RunAsync("report", "daily", "--agent", "cursor", "--db", db);
        Assert.Equal(2, unknown.ExitCode);
    }
}
