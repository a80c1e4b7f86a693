using Hindsight.Simulator;

namespace Hindsight.Tests.Stages.Correct;

/// <summary>
/// Stage 4 for the other agents, through `hindsight correct` against the LLM simulator: a Codex prompt and a Gemini CLI
/// prompt are corrected (the simulator fixes the shared typo table's words), the staged table shows the corrected text
/// under each agent's name, what a person did not type (Codex's injected environment block) is never sent, and a second
/// `correct` sends nothing.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OtherAgentCorrectionTests
{
    private const string Key = "sim-agents-key-3c81";
    private const string CodexPrompt = "please fix teh seperate checkout test";
    private const string GeminiPrompt = "explain how we recieve teh webhook";

    private static Dictionary<string, string?> Environment() => new() { ["GEMINI_API_KEY"] = Key };

    [Fact]
    public async Task A_codex_prompt_and_a_gemini_cli_prompt_are_corrected_in_the_staged_table()
    {
        using var dir = new TempDirectory();
        dir.Write("codex/sessions/2026/11/06/rollout-2026-11-06T08-00-00-22222222-3333-4444-8555-666666666666.jsonl", string.Join("\n",
            """{"timestamp":"2026-11-06T08:00:00.000Z","type":"session_meta","payload":{"id":"22222222-3333-4444-8555-666666666666","cwd":"/home/ana/work/teh","originator":"codex_cli_rs","cli_version":"0.144.1"}}""",
            """{"timestamp":"2026-11-06T08:00:00.100Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context>\n  <cwd>/home/ana/work/teh</cwd>\n</environment_context>"}]}}""",
            """{"timestamp":"2026-11-06T08:00:01.000Z","type":"turn_context","payload":{"cwd":"/home/ana/work/teh","model":"gpt-5-codex","effort":"medium"}}""",
            $$$"""{"timestamp":"2026-11-06T08:00:02.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"{{{CodexPrompt}}}"}]}}""",
            """{"timestamp":"2026-11-06T08:00:05.000Z","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Done."}]}}""",
            """{"timestamp":"2026-11-06T08:00:05.100Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":1000,"cached_input_tokens":0,"output_tokens":20,"reasoning_output_tokens":0,"total_tokens":1020}}}}""") + "\n");
        dir.Write("gemini/0a1b/chats/session-2026-11-06T09-00-33333333.json", $$"""
            {"sessionId":"33333333-4444-4555-8666-777777777777","projectHash":"0a1b","startTime":"2026-11-06T09:00:00.000Z","messages":[
              {"id":"g1","timestamp":"2026-11-06T09:00:00.000Z","type":"user","content":"{{GeminiPrompt}}"},
              {"id":"g2","timestamp":"2026-11-06T09:00:04.000Z","type":"gemini","content":"It arrives as a POST.","tokens":{"input":900,"output":12,"cached":0,"thoughts":0,"tool":0,"total":912},"model":"gemini-2.5-flash"}
            ]}
            """);
        var db = dir.Combine("h.duckdb");
        string[] sources = ["--source", "codex=" + dir.Combine("codex"), "--source", "gemini_cli=" + dir.Combine("gemini")];
        var ingest = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?>(), ["run", .. sources, "--db", db, "--quiet", "--provider", "none"]);
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = Key }, TestContext.Current.CancellationToken);
        string[] correct = ["correct", "--db", db, "--quiet", "--json", "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString()];

        var result = await HindsightCli.RunWithEnvironmentAsync(Environment(), correct);

        Assert.True(result.ExitCode == 0, result.ToString());
        var staged = await WarehouseProbe.RowsAsync(db, """
            SELECT s.source_name, c.status, c.original_text, s.text FROM corrections c JOIN claude_code_stage_4 s USING (entity_id)
            WHERE c.provider = 'gemini' ORDER BY 1
            """);
        Assert.Equal(
            [
                ("codex", "corrected", CodexPrompt, "please fix the separate checkout test"),
                ("gemini_cli", "corrected", GeminiPrompt, "explain how we receive the webhook"),
            ],
            staged.Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!)));
        Assert.DoesNotContain(simulator.ReceivedRequests(), request => request.Body.Contains("environment_context", StringComparison.Ordinal));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE original_text LIKE '%environment_context%'"));

        long requests = simulator.Stats.Requests;
        var again = await HindsightCli.RunWithEnvironmentAsync(Environment(), correct);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(requests, simulator.Stats.Requests);
    }
}
