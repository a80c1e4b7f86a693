using System.Text.Json;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>A secret a person pastes into rejection feedback is redacted in the typed-text row and the staged table, like a prompt's.</summary>
public sealed class TypedTextSecretsTests
{
    private const string Token = "ghp_FAKEfeedback0123456789abcdefghijklmnopq";

    [Fact]
    public async Task A_token_pasted_into_rejection_feedback_reaches_no_derived_text()
    {
        using var dir = new TempDirectory();
        const string session = "33333333-3333-4333-8333-333333333333";
        string Line(object o) => JsonSerializer.Serialize(o);
        var feedback = "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). "
            + $"To tell you how to proceed, the user said:\nuse my token {Token} for the clone instead";
        dir.Write(Path.Combine("projects", "-home-dev-shop", session + ".jsonl"), string.Join("\n",
            Line(new { parentUuid = (string?)null, isSidechain = false, type = "user", message = new { role = "user", content = "clone the repo" }, uuid = "u1", timestamp = "2026-11-26T09:00:00.000Z", sessionId = session, version = "2.1.332" }),
            Line(new { parentUuid = "u1", isSidechain = false, type = "user", message = new { role = "user", content = new object[] { new { type = "tool_result", content = feedback, is_error = true, tool_use_id = "toolu_1" } } }, uuid = "u2", timestamp = "2026-11-26T09:00:05.000Z", sessionId = session, version = "2.1.332" })) + "\n");
        var db = dir.Combine("h.duckdb");

        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");

        Assert.True(run.ExitCode == 0, run.ToString());
        var typed = await WarehouseProbe.ScalarAsync<string>(db, "SELECT text FROM messages WHERE kind = 'human_tool_feedback'");
        Assert.StartsWith("use my token ⟦redacted:", typed, StringComparison.Ordinal);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db,
            $"SELECT count(*) FROM claude_code_stage_4 WHERE contains(coalesce(text, '') || coalesce(tool_output, '') || metadata, '{Token}')"));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM messages WHERE contains(coalesce(text, ''), '{Token}')"));
    }
}
