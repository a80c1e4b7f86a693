using System.Globalization;
using System.Text.Json.Nodes;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>`hindsight sample --agents`: Codex and Gemini CLI sessions beside the Claude Code corpus, read end to end.</summary>
public sealed class SampleAgentsTests
{
    [Fact]
    public async Task A_mixed_sample_runs_end_to_end_and_each_agent_has_the_calls_and_tokens_its_summary_says()
    {
        using var dir = new TempDirectory();
        var corpus = dir.Combine("corpus");
        var sample = await HindsightCli.RunAsync("sample", "--out", corpus, "--scale", "10", "--seed", "7", "--agents", "claude,codex,gemini", "--json");
        Assert.True(sample.ExitCode == 0, sample.ToString());
        var others = sample.Json["OtherAgents"]!.AsObject();
        Assert.Equal(["codex", "gemini_cli"], others.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(corpus, ".codex", "sessions"), "rollout-*.jsonl", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(corpus, ".gemini", "tmp"), "session-*.json", SearchOption.AllDirectories));

        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--db", db, "--provider", "none", "--quiet",
            "--source", Path.Combine(corpus, "projects"), "--source", "codex=" + Path.Combine(corpus, ".codex"), "--source", "gemini_cli=" + Path.Combine(corpus, ".gemini", "tmp"));
        Assert.True(run.ExitCode == 0, run.ToString());

        var byAgent = (await WarehouseProbe.RowsAsync(db, """
            SELECT agent, count(*), sum(input_tokens)::BIGINT, sum(cache_read_tokens)::BIGINT, sum(output_tokens)::BIGINT,
                   (SELECT count(*) FROM messages m WHERE m.agent = c.agent AND m.kind = 'human_prompt')
            FROM api_calls c GROUP BY agent
            """)).ToDictionary(r => (string)r[0]!, r => r.Skip(1).Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal(["claude_code", "codex", "gemini_cli"], byAgent.Keys.Order(StringComparer.Ordinal));
        foreach (var (agent, expected) in others)
        {
            long Field(string name) => expected![name]!.GetValue<long>();
            Assert.Equal([Field("Calls"), Field("InputTokens"), Field("CachedTokens"), Field("OutputTokens"), Field("Prompts")], byAgent[agent]);
        }
    }

    [Fact]
    public async Task The_same_seed_writes_the_same_bytes_and_the_default_writes_claude_code_only()
    {
        using var dir = new TempDirectory();
        string[] Files(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("/.codex/", StringComparison.Ordinal) || f.Contains("/.gemini/", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToArray();
        foreach (var name in new[] { "a", "b" })
        {
            var result = await HindsightCli.RunAsync("sample", "--out", dir.Combine(name), "--scale", "10", "--agents", "codex,gemini", "--quiet");
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        var files = Files(dir.Combine("a"));
        Assert.NotEmpty(files);
        Assert.Equal(files, Files(dir.Combine("b")));
        foreach (var file in files)
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(dir.Combine("a"), file), TestContext.Current.CancellationToken),
                await File.ReadAllBytesAsync(Path.Combine(dir.Combine("b"), file), TestContext.Current.CancellationToken));

        var plain = await HindsightCli.RunAsync("sample", "--out", dir.Combine("c"), "--scale", "10", "--json");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Null(plain.Json["OtherAgents"]);
        Assert.Empty(Files(dir.Combine("c")));

        var unknown = await HindsightCli.RunAsync("sample", "--out", dir.Combine("d"), "--agents", "claude,cursor");
        Assert.Equal(2, unknown.ExitCode);
    }
}
