using System.Text;
using Hindsight.Sources.Codex;

namespace Hindsight.Tests.Sources.Codex;

/// <summary>The project of a Codex rollout: its session's cwd, named as Claude Code names project folders.</summary>
public sealed class CodexProjectTests
{
    [Theory]
    [InlineData("/home/ana/work/shop", "-home-ana-work-shop")]
    [InlineData("/Users/ana/my.app_v2", "-Users-ana-my-app-v2")]
    [InlineData("C:\\src\\shop", "C--src-shop")]
    [InlineData("/home/zoë/projet", "-home-zo--projet")]
    public void A_cwd_becomes_the_project_name_claude_code_gives_the_same_folder(string cwd, string project) =>
        Assert.Equal(project, CodexProject.FromCwd(cwd));

    [Theory]
    [InlineData("""{"timestamp":"t","type":"session_meta","payload":{"id":"x","cwd":"/home/ana/work/shop"}}""", "/home/ana/work/shop")]
    [InlineData("""{"payload":{"cwd":"/srv/app"},"type":"session_meta"}""", "/srv/app")]
    [InlineData("""{"timestamp":"t","type":"turn_context","payload":{"cwd":"/home/ana/work/shop"}}""", null)]
    [InlineData("""{"timestamp":"t","type":"session_meta","payload":{"id":"x"}}""", null)]
    [InlineData("""{"timestamp":"t","type":"session_meta","payload":{"cwd":42}}""", null)]
    [InlineData("""{"timestamp":"t","type":"session_meta","payload":{"cwd":"/home/a""", null)]
    [InlineData("""[1,2]""", null)]
    [InlineData("""{"type":"session_meta","payload":{"cwd":"/x\ud83d"}}""", null)]
    public void Only_a_complete_session_meta_line_gives_a_cwd(string line, string? cwd) =>
        Assert.Equal(cwd, CodexProject.CwdOf(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void A_rollout_without_a_readable_first_line_keeps_its_home_folders_name()
    {
        using var dir = new TempDirectory();
        var cut = dir.Write("cut.jsonl", """{"timestamp":"t","type":"session_meta","payload":{"cwd":"/home/ana""");
        var empty = dir.Write("empty.jsonl", "");
        var good = dir.Write("good.jsonl", """{"timestamp":"t","type":"session_meta","payload":{"cwd":"/home/ana/api"}}""" + "\n{}\n");

        Assert.Equal(".codex", CodexProject.Of(cut, ".codex"));
        Assert.Equal(".codex", CodexProject.Of(empty, ".codex"));
        Assert.Equal(".codex", CodexProject.Of(dir.Combine("missing.jsonl"), ".codex"));
        Assert.Equal("-home-ana-api", CodexProject.Of(good, ".codex"));
    }

    [Fact]
    public async Task Codex_sessions_are_grouped_by_the_project_of_their_cwd_in_the_warehouse_and_the_report()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var home = Path.Combine(RepositoryPaths.Fixtures, "codex", "home");
        var run = await HindsightCli.RunAsync("run", "--db", db, "--manifest", db + ".json", "--provider", "none", "--quiet", "--source", "codex=" + home);
        Assert.True(run.ExitCode == 0, run.ToString());

        var files = await WarehouseProbe.RowsAsync(db, "SELECT relative_path, project FROM files ORDER BY 1");
        Assert.Equal(
            [
                "archived_sessions/rollout-2026-10-30T16-00-00-0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e.jsonl -home-ana-work-api",
                "sessions/2026/11/03/rollout-2026-11-03T09-12-44-5f0c2a8e-1b3d-4c6e-9a7f-0d1e2f3a4b5c.jsonl -home-ana-work-shop",
                "sessions/2026/11/04/rollout-2026-11-04T10-00-00-7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.jsonl -home-ana-work-shop",
            ],
            files.Select(r => $"{r[0]} {r[1]}"));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls WHERE agent = 'codex' AND project NOT IN ('-home-ana-work-api', '-home-ana-work-shop')"));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE agent = 'codex' AND project NOT IN ('-home-ana-work-api', '-home-ana-work-shop')"));

        var report = await HindsightCli.RunAsync("report", "project", "--json", "--db", db);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("-home-ana-work-shop", report.Output, StringComparison.Ordinal);
        Assert.Contains("-home-ana-work-api", report.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"home\"", report.Output, StringComparison.Ordinal);
    }
}
