namespace Hindsight.Cli.Tests.Commands;

/// <summary>`hindsight config` shows each agent's folders and where they came from; `--source agent=DIR` names the agent.</summary>
public sealed class ConfigAgentSourcesTests
{
    [Fact]
    public async Task Codex_home_comes_from_CODEX_HOME_and_config_says_so()
    {
        using var dir = new TempDirectory();
        var codexHome = Directory.CreateDirectory(dir.Combine("codex")).FullName;
        var config = await HindsightCli.RunWithEnvironmentAsync(
            new Dictionary<string, string?> { ["HOME"] = dir.Path, ["CODEX_HOME"] = codexHome, ["GEMINI_DATA_DIR"] = null }, "config", "--json");
        Assert.True(config.ExitCode == 0, config.ToString());
        var agents = config.Json["agent_sources"]!;
        Assert.Equal("default folders that exist", agents["origin"]!.GetValue<string>());
        var read = agents["value"]!.AsArray().Single()!;
        Assert.Equal(("codex", codexHome, "CODEX_HOME"), (read["agent"]!.GetValue<string>(), read["path"]!.GetValue<string>(), read["origin"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_CODEX_HOME_the_candidate_is_the_home_folders_codex_and_a_missing_one_is_not_read()
    {
        using var dir = new TempDirectory();
        var config = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["HOME"] = dir.Path, ["CODEX_HOME"] = null, ["GEMINI_DATA_DIR"] = null }, "config", "--json");
        Assert.True(config.ExitCode == 0, config.ToString());
        Assert.Empty(config.Json["agent_sources"]!["value"]!.AsArray());
        var candidate = config.Json["agent_sources"]!["candidates"]!.AsArray().Single(c => c!["agent"]!.GetValue<string>() == "codex")!;
        Assert.Equal((dir.Combine(".codex"), "default (~/.codex)"), (candidate["path"]!.GetValue<string>(), candidate["origin"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_agent_prefixed_source_is_that_agents_and_a_plain_one_stays_claude_codes()
    {
        using var dir = new TempDirectory();
        var codex = Directory.CreateDirectory(dir.Combine("c")).FullName;
        var claude = Directory.CreateDirectory(dir.Combine("p")).FullName;
        var config = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["HOME"] = dir.Path },
            "config", "--source", "codex=" + codex, "--source", claude, "--json");
        Assert.True(config.ExitCode == 0, config.ToString());
        Assert.Equal([claude], config.Json["sources"]!["value"]!.AsArray().Select(v => v!.GetValue<string>()));
        var read = config.Json["agent_sources"]!["value"]!.AsArray().Single()!;
        Assert.Equal(("codex", codex), (read["agent"]!.GetValue<string>(), read["path"]!.GetValue<string>()));
        Assert.Equal("--source agent=DIR", config.Json["agent_sources"]!["origin"]!.GetValue<string>());
    }

    [Fact]
    public async Task Gemini_data_folder_comes_from_GEMINI_DATA_DIR_else_the_home_folders_gemini_tmp()
    {
        using var dir = new TempDirectory();
        var dataDir = Directory.CreateDirectory(dir.Combine("gemini-data")).FullName;
        var config = await HindsightCli.RunWithEnvironmentAsync(
            new Dictionary<string, string?> { ["HOME"] = dir.Path, ["CODEX_HOME"] = null, ["GEMINI_DATA_DIR"] = dataDir }, "config", "--json");
        Assert.True(config.ExitCode == 0, config.ToString());
        var read = config.Json["agent_sources"]!["value"]!.AsArray().Single()!;
        Assert.Equal(("gemini_cli", dataDir, "GEMINI_DATA_DIR"), (read["agent"]!.GetValue<string>(), read["path"]!.GetValue<string>(), read["origin"]!.GetValue<string>()));

        var fallback = await HindsightCli.RunWithEnvironmentAsync(
            new Dictionary<string, string?> { ["HOME"] = dir.Path, ["CODEX_HOME"] = null, ["GEMINI_DATA_DIR"] = null }, "config", "--json");
        var candidate = fallback.Json["agent_sources"]!["candidates"]!.AsArray().Single(c => c!["agent"]!.GetValue<string>() == "gemini_cli")!;
        Assert.Equal((Path.Combine(dir.Path, ".gemini", "tmp"), "default (~/.gemini/tmp)"), (candidate["path"]!.GetValue<string>(), candidate["origin"]!.GetValue<string>()));
    }
}
