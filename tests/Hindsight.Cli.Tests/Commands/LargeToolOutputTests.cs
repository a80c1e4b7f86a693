using System.Text.Json.Nodes;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>A session whose tool outputs are large against DuckDB's memory limit: every stage must bound what it holds.</summary>
public sealed class LargeToolOutputTests
{
    private const string Session = "cccccccc-3333-4333-8333-333333333333";

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_session_with_tool_outputs_written_once_is_staged_within_a_memory_limit_of_twice_its_size()
    {
        // 60 tool results of 1 MB, each written only in message.content (real lines often carry it twice, in
        // toolUseResult too, which halves the text per byte of line): stage 5's staging statement for the file's one
        // range held the texts in two joins' hash tables at once and ran out of memory at 128 MB.
        using var dir = new TempDirectory();
        const int Results = 60, ResultChars = 1_000_000;
        dir.Write($"projects/-home-ana-shop/{Session}.jsonl", TranscriptLines.SessionOfLargeToolResults(Session, Results, ResultChars));
        var db = dir.Combine("h.duckdb");

        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--no-local-fallback", "--memory-limit", "128MB", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var staging = JsonNode.Parse(run.Output)!["stages"]!.AsArray().Single(s => (int)s!["stage"]! == 5)!;
        Assert.Equal("succeeded", (string)staging["status"]!);
        var outputs = await HindsightCli.RunAsync("query", "--db", db, "--json",
            "SELECT count(*) AS n, sum(length(tool_output))::BIGINT AS chars FROM claude_code_stage_4 WHERE tool_output IS NOT NULL");
        Assert.True(outputs.ExitCode == 0, outputs.ToString());
        var row = JsonNode.Parse(outputs.Output)!.AsArray().Single()!;
        Assert.Equal((Results, (long)Results * ResultChars), ((int)row["n"]!, (long)row["chars"]!));
    }
}
