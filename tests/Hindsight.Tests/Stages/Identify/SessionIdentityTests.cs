using System.Text.Json.Nodes;

namespace Hindsight.Tests.Stages.Identify;

/// <summary>
/// A line is its session and its content, never its path: a session file moved to another project folder (a
/// worktree, <c>relocated</c>, a <c>CLAUDE_CODE_PROJECT_DIR_NAME</c> rename) and the same transcripts under a
/// second source path are counted once, through the real command line.
/// </summary>
public sealed class SessionIdentityTests
{
    private const string OriginProject = "-home-ana-work-origin";
    private const string Session = "5b0e3c7a-2f41-4d8e-9a63-7c1d2e4f8a90";

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<CliResult> RunAsync(string db, params string[] sources)
    {
        var args = new List<string> { "run", "--db", db, "--manifest", db + ".manifest.json", "--provider", "none", "--quiet", "--json" };
        foreach (var source in sources) args.AddRange(["--source", source]);
        var result = await HindsightCli.RunAsync([.. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>What must not change when the same transcripts are read twice: counts of what a reader of the warehouse sees.</summary>
    private static async Task<Dictionary<string, long>> CountsAsync(string db) => new()
    {
        ["sessions"] = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM entities WHERE entity_type = 'session'"),
        ["entities"] = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM entities"),
        ["messages kept"] = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE NOT is_duplicate"),
        ["steering kept"] = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE kind = 'steering' AND NOT is_duplicate"),
        ["metadata kept"] = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE kind = 'metadata' AND NOT is_duplicate"),
        ["human typed kept"] = await WarehouseProbe.ScalarAsync<long>(db,
            "SELECT count(*) FROM messages WHERE kind IN ('human_prompt', 'slash_command', 'steering', 'human_tool_feedback', 'human_answer') AND NOT is_duplicate"),
        ["staged rows"] = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM claude_code_stage_4"),
        ["api calls"] = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls"),
        ["tokens"] = await WarehouseProbe.ScalarAsync<long>(db, "SELECT CAST(coalesce(sum(total_tokens), 0) AS BIGINT) FROM api_calls"),
    };

    private static long HumanTypedMetric(CliResult run) =>
        run.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 2)!["metrics"]!["human_typed_messages"]!.GetValue<long>();

    [Fact]
    public async Task A_session_file_moved_to_another_project_folder_is_one_session_in_entities_and_in_reports()
    {
        using var dir = new TempDirectory();
        var once = dir.Combine("once", "projects");
        CopyFolder(Path.Combine(RepositoryPaths.FixtureProjects, OriginProject), Path.Combine(once, OriginProject));
        var moved = dir.Combine("moved", "projects");
        CopyFolder(Path.Combine(RepositoryPaths.FixtureProjects, OriginProject), Path.Combine(moved, OriginProject));
        // The same session file, moved to its worktree's project folder (2.1.157+), as a second copy.
        var worktree = Path.Combine(moved, OriginProject + "--claude-worktrees-empty-titles");
        Directory.CreateDirectory(worktree);
        File.Copy(Path.Combine(once, OriginProject, Session + ".jsonl"), Path.Combine(worktree, Session + ".jsonl"));

        await RunAsync(dir.Combine("once.duckdb"), once);
        var run = await RunAsync(dir.Combine("moved.duckdb"), moved);

        Assert.Equal(await CountsAsync(dir.Combine("once.duckdb")), await CountsAsync(dir.Combine("moved.duckdb")));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(dir.Combine("moved.duckdb"),
            $"SELECT count(*) FROM entities WHERE entity_type = 'session' AND session_id = '{Session}'"));
        // One copy is kept whole; every line of the other is a duplicate: by uuid where it has one, by session and
        // content where it has none (which copy is kept depends on the paths' order, not on which is "the original").
        var reasons = await WarehouseProbe.RowsAsync(dir.Combine("moved.duckdb"), $"""
            SELECT f.relative_path, string_agg(coalesce(m.duplicate_reason, 'kept') || ' ' || n, ', ' ORDER BY m.duplicate_reason NULLS FIRST)
            FROM (SELECT file_id, duplicate_reason, count(*) AS n FROM messages WHERE block_index IS NULL GROUP BY ALL) m
            JOIN files f USING (file_id)
            WHERE f.relative_path LIKE '%/{Session}.jsonl'
            GROUP BY ALL
            """);
        Assert.Equal(["copied_line 10, resumed_replay 18, steering_written_twice 1", "kept 28, steering_written_twice 1"], reasons.Select(r => (string)r[1]!).Order(StringComparer.Ordinal));
        var report = await HindsightCli.RunAsync("report", "session", "--db", dir.Combine("moved.duckdb"), "--json");
        Assert.True(report.ExitCode == 0, report.ToString());
        var sessions = report.Json["session"]!.AsArray().Select(r => r!["period"]!.GetValue<string>()).ToList();
        Assert.Equal(sessions.Distinct().Count(), sessions.Count);
        Assert.Contains(Session, sessions);
        Assert.Equal(HumanTypedMetric(run), (await CountsAsync(dir.Combine("moved.duckdb")))["human typed kept"]);
    }

    [Fact]
    public async Task The_same_transcripts_under_a_second_source_path_are_counted_once_uuid_or_not()
    {
        using var dir = new TempDirectory();
        var first = dir.Combine("a", "projects");
        var second = dir.Combine("b", "projects");
        CopyFolder(RepositoryPaths.FixtureProjects, first);
        CopyFolder(RepositoryPaths.FixtureProjects, second);

        var single = await RunAsync(dir.Combine("single.duckdb"), first);
        var both = await RunAsync(dir.Combine("both.duckdb"), first, second);

        var once = await CountsAsync(dir.Combine("single.duckdb"));
        Assert.True(once["steering kept"] > 0 && once["metadata kept"] > 0, "the fixtures hold uuid-less steering and metadata lines");
        Assert.Equal(once, await CountsAsync(dir.Combine("both.duckdb")));
        Assert.Equal(HumanTypedMetric(single), HumanTypedMetric(both));
        // No line of the second path is kept: each is the duplicate of its copy under the first.
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(dir.Combine("both.duckdb"), $"""
            SELECT count(*) FROM messages m JOIN files f USING (file_id)
            WHERE f.source_root = '{second.Replace("'", "''", StringComparison.Ordinal)}' AND NOT m.is_duplicate AND f.kind <> 'workflow_journal'
            """));
    }
}
