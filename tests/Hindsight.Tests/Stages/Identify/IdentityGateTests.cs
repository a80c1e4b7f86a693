using Hindsight.Cli;
using Hindsight.Stages.Identify;

namespace Hindsight.Tests.Stages.Identify;

/// <summary>The gate: colliding ids fail stage 3 with exit code 1, the failure is tracked, and nothing of it is committed.</summary>
public sealed class IdentityGateTests
{
    private const string Session = "44444444-4444-4444-8444-444444444444";

    private static readonly string[] Tables = ["entities", "messages", "records"];

    [Fact]
    public async Task A_forced_collision_fails_the_gate_with_exit_code_1_lists_the_keys_and_commits_nothing()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var good = await IdentityPipeline.RunAsync(RepositoryPaths.FixtureProjects, db);
        Assert.True(good.ExitCode == 0, good.ToString());
        var before = await WarehouseProbe.ChecksumsAsync(db, Tables);

        var forced = await IdentityPipeline.RunAsync(RepositoryPaths.FixtureProjects, db, "--id-hex-length", "1");

        Assert.Equal(ExitCodes.Failure, forced.ExitCode);
        Assert.Equal("failed", IdentityPipeline.IdentityStage(forced)["status"]!.GetValue<string>());
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(db, Tables));
        var tracked = await WarehouseProbe.RowsAsync(db, """
            SELECT s.status, s.error, r.status FROM run_stages s JOIN runs r USING (run_id)
            WHERE s.stage = 3 ORDER BY s.started_at DESC LIMIT 1
            """);
        Assert.Equal("failed", tracked[0][0]);
        Assert.Equal("failed", tracked[0][2]);
        var error = (string)tracked[0][1]!;
        Assert.Contains("Identity gate failed", error, StringComparison.Ordinal);
        Assert.Contains("shared by", error, StringComparison.Ordinal);
        int listed = error.Split("<- claude_code|").Length - 1;
        Assert.InRange(listed, 2, IdentityGateReport.MaxListedKeys);
    }

    [Fact]
    public async Task An_id_already_stored_under_another_natural_key_fails_the_gate()
    {
        // With one hex character per id, pick a first message whose three entities get three different ids,
        // then a replacement message whose id is the one stored for the first message.
        static char Id(string key) => EntityKeys.IdOf(key, 1)[0];
        var session = EntityKeys.Session(Session);
        string Message(string uuid) => EntityKeys.MessageWithUuid(Session, uuid);
        bool Distinct(string uuid) => new[] { Id(session), Id(Message(uuid)), Id(EntityKeys.ContentBlock(Message(uuid), 0)) }.Distinct().Count() == 3;
        var first = Enumerable.Range(0, 1000).Select(i => $"first-{i}").First(Distinct);
        var second = Enumerable.Range(0, 1000).Select(i => $"second-{i}").First(u => Distinct(u) && Id(Message(u)) == Id(Message(first)));

        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var path = dir.Write($"projects/-p/{Session}.jsonl", TranscriptLines.Jsonl(TranscriptLines.User(first, "hello", session: Session)));
        var stored = await IdentityPipeline.RunAsync(dir.Combine("projects"), db, "--id-hex-length", "1");
        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.Equal(3L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM entities"));
        var before = await WarehouseProbe.ChecksumsAsync(db, ["entities"]);

        // The blank first line puts the new record on another line number, so stage 2 classifies it afresh.
        File.WriteAllText(path, "\n" + TranscriptLines.Jsonl(TranscriptLines.User(second, "hello", session: Session)));
        var refused = await IdentityPipeline.RunAsync(dir.Combine("projects"), db, "--id-hex-length", "1");

        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        var error = IdentityPipeline.IdentityStage(refused)["error"]!.GetValue<string>();
        Assert.Contains("already stored under another natural key", error, StringComparison.Ordinal);
        Assert.Contains($"<- {Message(second)} (stored for {Message(first)})", error, StringComparison.Ordinal);
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(db, ["entities"]));
    }

    [Fact]
    public async Task Changing_the_id_length_of_a_warehouse_fails_the_gate_instead_of_re_keying_every_entity()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await IdentityPipeline.RunAsync(RepositoryPaths.FixtureProjects, db)).ExitCode);
        var before = await WarehouseProbe.ChecksumsAsync(db, ["entities"]);

        var result = await HindsightCli.RunAsync("identify", "--source", RepositoryPaths.FixtureProjects, "--db", db, "--quiet", "--json", "--id-hex-length", "40");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("have 32 hex characters, not 40", IdentityPipeline.IdentityStage(result)["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(db, ["entities"]));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    public async Task The_id_length_option_refuses_lengths_outside_1_to_64(string length)
    {
        using var dir = new TempDirectory();

        var result = await HindsightCli.RunAsync("identify", "--source", RepositoryPaths.FixtureProjects, "--db", dir.Combine("h.duckdb"), "--id-hex-length", length);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--id-hex-length", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("h.duckdb")));
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_insert_and_writes_no_entity()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        string[] common = ["--source", RepositoryPaths.FixtureProjects, "--db", db, "--quiet", "--json"];
        Assert.Equal(0, (await HindsightCli.RunAsync(["extract", .. common])).ExitCode);
        Assert.Equal(0, (await HindsightCli.RunAsync(["clean", .. common])).ExitCode);

        var dry = await HindsightCli.RunAsync(["identify", "--dry-run", .. common]);

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.True(IdentityPipeline.Metric(dry, "messages_inserted") > 0, dry.ToString());
        Assert.StartsWith("dry run", IdentityPipeline.IdentityStage(dry)["metrics"]!["summary"]!.GetValue<string>().Split(": ")[1], StringComparison.Ordinal);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM entities"));
    }
}
