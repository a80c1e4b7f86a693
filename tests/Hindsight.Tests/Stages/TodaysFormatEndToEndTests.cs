using Hindsight.Simulator;
using Hindsight.Stages.Identify;

namespace Hindsight.Tests.Stages;

/// <summary>
/// The 2.1.332-era fixtures (tests/fixtures/projects/-home-ana-work-origin) through every stage of the real command
/// line. Text a person typed inside a tool result (rejection feedback, answers to Claude's questions) gets its own
/// entity under the tool-result block, is a correction target sent to the LLM simulator on 127.0.0.1 (the stand-in
/// for the hosted API) and has its own row in the staged table, while the tool result's own rows stay as they were;
/// today's fields land in typed columns; metadata routed into a subagent's file belongs to the parent session.
/// </summary>
public sealed class TodaysFormatEndToEndTests : IAsyncLifetime
{
    private const string Key = "sim-test-key-typed-7c1d";
    private readonly TempDirectory _dir = new();
    private SimulatorServer _simulator = null!;
    private CliResult _run = null!;
    private string Db => _dir.Combine("h.duckdb");

    public async ValueTask InitializeAsync()
    {
        _simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key }, TestContext.Current.CancellationToken);
        _run = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["GEMINI_API_KEY"] = Key },
            "run", "--source", Path.Combine(RepositoryPaths.FixtureProjects, "-home-ana-work-origin"), "--db", Db, "--manifest", _dir.Combine("m.json"),
            "--quiet", "--json", "--provider", "gemini", "--base-url", _simulator.GeminiBaseUrl.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Typed_feedback_and_answers_are_corrected_and_staged_as_children_of_their_tool_result_block()
    {
        Assert.True(_run.ExitCode == 0, _run.ToString());
        var rows = await WarehouseProbe.RowsAsync(Db, """
            SELECT m.kind, c.status, c.original_text, c.corrected_text, s.text, s.level, s.parent_id, s.tool_output, e.natural_key, p.entity_type, p.block_index, e.block_index
            FROM entities e
            JOIN messages m ON m.file_id = e.file_id AND m.line_no = e.line_no AND m.block_index = e.block_index
            JOIN entities p ON p.entity_id = e.parent_id
            LEFT JOIN corrections c ON c.entity_id = e.entity_id
            LEFT JOIN claude_code_stage_4 s ON s.entity_id = e.entity_id
            WHERE e.entity_type = 'typed_text'
            ORDER BY c.original_text
            """);

        Assert.Equal(4, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(("content_block", r[11]), ((string)r[9]!, r[10]));
            Assert.Equal((3, (string)r[6]!), ((int)r[5]!, EntityKeys.IdOf(((string)r[8]!)[..^"|typed".Length])));
            Assert.Null(r[7]);
        });
        var corrected = rows.ToDictionary(r => (string)r[2]!, r => ((string)r[0]!, (string)r[1]!, (string)r[3]!, (string)r[4]!));
        Assert.Equal(("human_tool_feedback", "corrected", "keep the old function name, only change its body", "keep the old function name, only change its body"),
            corrected["keep the old fucntion name, only change its body"]);
        Assert.Equal(("human_answer", "corrected", "show the first line of the body, cut at 60 characters", "show the first line of the body, cut at 60 characters"),
            corrected["show teh first line of the body, cut at 60 characters"]);
        Assert.Equal("human_tool_feedback", corrected["use pnpm, npm is not instaled here"].Item1);
        Assert.Equal("human_tool_feedback", corrected["search only tests/fixtures/tickets, the rest is generated"].Item1);
        // The request carried the typed part only, never the boilerplate around it.
        Assert.DoesNotContain(_simulator.ReceivedRequests(), r => r.Body.Contains("doesn't want to proceed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tool_result_rows_stay_whole_beside_the_typed_text()
    {
        var results = await WarehouseProbe.RowsAsync(Db, """
            SELECT s.message_type, s.tool_output FROM claude_code_stage_4 s JOIN entities e USING (entity_id)
            WHERE e.level = 5 AND s.tool_output LIKE '%doesn''t want to proceed%'
            """);

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal("tool_result", (string)r[0]!));
        Assert.Contains(results, r => ((string)r[1]!).EndsWith("the user said:\nkeep the old fucntion name, only change its body", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_assistant_line_keeps_its_error_truncation_and_effort_in_typed_columns()
    {
        var row = (await WarehouseProbe.RowsAsync(Db, """
            SELECT effort, api_error, truncated_after_output, is_api_error_message FROM records WHERE uuid = 'a1000001-0000-4000-8000-000000000006'
            """)).Single();
        var prompts = await WarehouseProbe.RowsAsync(Db, """
            SELECT turn_origin, prompt_source, origin_kind FROM records WHERE uuid = 'a1000001-0000-4000-8000-000000000003' OR uuid = 'a1000001-0000-4000-8000-000000000001' ORDER BY uuid
            """);

        Assert.Equal(("high", "server_error", true, true), ((string)row[0]!, (string)row[1]!, (bool)row[2]!, (bool)row[3]!));
        Assert.Equal(("human", "typed", "human"), ((string?)prompts[0][0], (string?)prompts[0][1], (string?)prompts[0][2]));
        Assert.Equal((null, null), ((string?)prompts[1][0], (string?)prompts[1][1]));
    }

    [Fact]
    public async Task Metadata_routed_into_a_subagent_file_is_kept_raw_under_the_parent_session()
    {
        var routed = await WarehouseProbe.RowsAsync(Db, """
            SELECT r.type, m.kind, m.session_id, e.parent_id, length(r.raw) > 0
            FROM records r JOIN files f USING (file_id)
            JOIN messages m ON m.file_id = r.file_id AND m.line_no = r.line_no AND m.block_index IS NULL
            JOIN entities e ON e.file_id = r.file_id AND e.line_no = r.line_no AND e.entity_type = 'message'
            WHERE f.kind = 'nested_agent' AND r.type IN ('api-request', 'content-replacement', 'data-flow-records')
            ORDER BY r.type
            """);

        Assert.Equal(["api-request", "content-replacement", "data-flow-records"], routed.Select(r => (string)r[0]!));
        Assert.All(routed, r =>
        {
            Assert.Equal(("metadata", "5b0e3c7a-2f41-4d8e-9a63-7c1d2e4f8a90", true), ((string)r[1]!, (string)r[2]!, (bool)r[4]!));
            Assert.Equal(EntityKeys.IdOf(EntityKeys.Session("5b0e3c7a-2f41-4d8e-9a63-7c1d2e4f8a90")), (string)r[3]!);
        });
    }

    [Fact]
    public async Task A_cache_write_only_in_the_nested_split_is_counted_in_records_and_api_calls()
    {
        var record = await WarehouseProbe.ScalarAsync<long>(Db, "SELECT cache_creation_tokens FROM records WHERE uuid = 'd4000001-0000-4000-8000-000000000002'");
        var call = (await WarehouseProbe.RowsAsync(Db, """
            SELECT cache_creation_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens FROM api_calls WHERE message_id = 'msg_01OrgH8j9K0l1M2n3P4q5R6'
            """)).Single();

        Assert.Equal(4800L, record);
        Assert.Equal((4800L, 600L, 4200L), ((long)call[0]!, (long)call[1]!, (long)call[2]!));
    }
}
