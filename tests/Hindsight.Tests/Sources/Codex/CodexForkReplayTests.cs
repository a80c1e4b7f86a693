using System.Globalization;

namespace Hindsight.Tests.Sources.Codex;

/// <summary>
/// A forked Codex rollout replays its parent's lines byte for byte under its own session (tests/fixtures/codex/home:
/// B, forked from A, holds A's first 18 lines at its lines 2-19). Through the command line: the replayed messages are
/// marked <c>forked_replay</c> duplicates of the parent's, whichever file arrives first, so a replayed prompt counts once.
/// </summary>
public sealed class CodexForkReplayTests
{
    private static readonly string Home = Path.Combine(RepositoryPaths.Fixtures, "codex", "home");
    private const string Parent = "sessions/2026/11/03/rollout-2026-11-03T09-12-44-5f0c2a8e-1b3d-4c6e-9a7f-0d1e2f3a4b5c.jsonl";
    private const string Fork = "sessions/2026/11/04/rollout-2026-11-04T10-00-00-7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.jsonl";
    private const int ReplayedLines = 18;

    private static async Task RunAsync(string db, string home)
    {
        var result = await HindsightCli.RunAsync("run", "--db", db, "--manifest", db + ".json", "--provider", "none", "--quiet", "--source", "codex=" + home);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_forked_rollouts_replayed_messages_are_duplicates_of_its_parents_and_its_replayed_prompt_counts_once()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        await RunAsync(db, Home);

        await AssertReplayMarkedAsync(db);
        // A's two prompts, B's own, C's two: the prompt B replays from A is not a second prompt.
        var prompts = await WarehouseProbe.RowsAsync(db, "SELECT text FROM messages WHERE agent = 'codex' AND kind = 'human_prompt' AND NOT is_duplicate");
        Assert.Equal(5, prompts.Count);
        Assert.Equal(prompts.Count, prompts.Select(p => (string)p[0]!).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_parent_that_arrives_after_its_fork_takes_the_replayed_messages_back()
    {
        using var dir = new TempDirectory();
        var home = dir.Combine("codex");
        void Copy(string relative)
        {
            var target = Path.Combine(home, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Home, relative), target);
        }
        var db = dir.Combine("h.duckdb");
        Copy(Fork);
        await RunAsync(db, home);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE is_duplicate"));

        Copy(Parent);
        await RunAsync(db, home);

        await AssertReplayMarkedAsync(db);
        // The same marks as a warehouse that read both files in one run.
        var once = dir.Combine("once.duckdb");
        await RunAsync(once, home);
        Assert.Equal(await MarksAsync(once), await MarksAsync(db));
    }

    /// <summary>Every message of the fork's lines 2-19 is a <c>forked_replay</c> of the parent's line before it; nothing else is a duplicate.</summary>
    private static async Task AssertReplayMarkedAsync(string db)
    {
        var rows = await WarehouseProbe.RowsAsync(db, """
            SELECT f.relative_path, m.line_no, m.is_duplicate, m.duplicate_reason, p.relative_path, m.duplicate_of_line_no
            FROM messages m JOIN files f USING (file_id) LEFT JOIN files p ON p.file_id = m.duplicate_of_file_id
            WHERE m.block_index IS NULL ORDER BY 1, 2
            """);
        var replayed = rows.Where(r => (string)r[0]! == Fork && Long(r[1]) is >= 2 and <= ReplayedLines + 1).ToList();
        var parentLines = rows.Where(r => (string)r[0]! == Parent && Long(r[1]) <= ReplayedLines).Select(r => Long(r[1])).ToList();
        Assert.NotEmpty(replayed);
        Assert.Equal(parentLines, replayed.Select(r => Long(r[1]) - 1));
        Assert.All(replayed, r =>
        {
            Assert.Equal(true, r[2]);
            Assert.Equal("forked_replay", r[3]);
            Assert.Equal(Parent, r[4]);
            Assert.Equal(Long(r[1]) - 1, Long(r[5]));
        });
        var others = rows.Except(replayed).Where(r => (bool)r[2]!).Select(r => $"{r[0]}:{r[1]} {r[3]}").ToList();
        Assert.True(others.Count == 0, "marked though not replayed: " + string.Join(", ", others));
    }

    private static async Task<List<string>> MarksAsync(string db) =>
        (await WarehouseProbe.RowsAsync(db, """
            SELECT f.relative_path || ':' || m.line_no || ':' || coalesce(m.duplicate_reason, '-') || ':' || coalesce(p.relative_path, '-') || ':' || coalesce(m.duplicate_of_line_no::VARCHAR, '-')
            FROM messages m JOIN files f USING (file_id) LEFT JOIN files p ON p.file_id = m.duplicate_of_file_id
            WHERE m.block_index IS NULL ORDER BY 1
            """)).Select(r => (string)r[0]!).ToList();
}
