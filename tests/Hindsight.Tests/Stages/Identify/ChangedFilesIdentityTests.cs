using System.Text.Json.Nodes;
using Hindsight.Stages.Identify;

namespace Hindsight.Tests.Stages.Identify;

/// <summary>
/// Stage 3 computes again only the sessions that changed files hold (all their rows, in any file), and stage 4
/// fingerprints only the changed files' staged rows; the warehouse is then the one a fresh run over the same files gives.
/// </summary>
public sealed class ChangedFilesIdentityTests
{
    private const string SessionA = "aaaaaaaa-2222-4222-8222-222222222222";
    private const string SessionB = "bbbbbbbb-2222-4222-8222-222222222222";
    private const string SessionC = "cccccccc-2222-4222-8222-222222222222";

    private static async Task<JsonNode> RunAsync(string source, string db)
    {
        var result = await HindsightCli.RunAsync(["run", "--provider", "none", "--source", source, "--db", db, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    private static JsonNode Stage(JsonNode run, int number) =>
        run["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == number)!["metrics"]!;

    private static long Metric(JsonNode run, int stage, string name) => Stage(run, stage)[name]!.GetValue<long>();

    [Fact]
    public async Task An_append_and_a_rewrite_recompute_only_their_sessions_and_restage_only_their_rows_as_a_fresh_run_would()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/a.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("a-u1", "first", SessionA), TranscriptLines.Assistant("a-a1", "msg_1", "req_1", TranscriptLines.Text("one"), session: SessionA)));
        var appended = dir.Write("projects/-p/b.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("b-u1", "second", SessionB), TranscriptLines.Assistant("b-a1", "msg_2", "req_2", TranscriptLines.Text("two"), session: SessionB)));
        var rewritten = dir.Write("projects/-p/c.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("c-u1", "third", SessionC), TranscriptLines.Assistant("c-a1", "msg_3", "req_3", TranscriptLines.Text("three"), session: SessionC)));
        // Session C goes on in another file (as a subagent's transcript does): its rows there are part of the session.
        dir.Write("projects/-p/d.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("d-u1", "fourth", SessionC, parent: "c-u1")));
        var db = dir.Combine("h.duckdb");

        var first = await RunAsync(dir.Combine("projects"), db);
        Assert.Equal(4, Metric(first, 3, "files_changed"));
        Assert.Equal(3, Metric(first, 3, "sessions_recomputed"));

        await File.AppendAllTextAsync(appended, TranscriptLines.Jsonl(TranscriptLines.User("b-u2", "more", SessionB, parent: "b-a1")),
            TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(rewritten, TranscriptLines.Jsonl(TranscriptLines.User("c-u1", "third", SessionC)), TestContext.Current.CancellationToken);
        var second = await RunAsync(dir.Combine("projects"), db);

        // b and c changed; sessions B and C are computed again (C's row in d included), A is left as it is.
        Assert.Equal(2, Metric(second, 3, "files_changed"));
        Assert.Equal(2, Metric(second, 3, "sessions_recomputed"));
        Assert.Equal(1, Metric(second, 3, "messages_inserted"));
        Assert.Equal(1, Metric(second, 3, "messages_removed"));
        Assert.Equal(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM entities WHERE entity_type = 'message'") - 1,
            Metric(second, 3, "messages_present"));
        // One staged row for b's new message, one removed for c's lost line; nothing else is written again.
        Assert.Equal(1, Metric(second, 5, "staged_written"));
        Assert.Equal(1, Metric(second, 5, "staged_replaced_or_removed"));

        var fresh = dir.Combine("fresh.duckdb");
        await RunAsync(dir.Combine("projects"), fresh);
        // The files table remembers that c was rewritten (its generation), which a fresh run cannot know: every other table is compared.
        var differences = (await WarehouseComparison.DifferencesAsync(fresh, db)).Where(d => !d.StartsWith("files:", StringComparison.Ordinal)).ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));

        var third = await RunAsync(dir.Combine("projects"), db);
        Assert.True(Stage(third, 3)["inputs_unchanged"]?.GetValue<bool>() == true);
    }

    [Fact]
    public async Task With_its_remembered_input_forgotten_identity_finds_no_changed_file_and_counts_every_entity_present()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/a.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("a-u1", "first", SessionA), TranscriptLines.User("a-u2", "again", SessionA, parent: "a-u1")));
        var db = dir.Combine("h.duckdb");
        await RunAsync(dir.Combine("projects"), db);
        var before = await WarehouseProbe.ChecksumsAsync(db, ["entities", "claude_code_stage_4_rows"]);
        await using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var forget = connection.CreateCommand();
            forget.CommandText = "DELETE FROM stage_state";
            await forget.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var again = await RunAsync(dir.Combine("projects"), db);

        Assert.Equal(0, Metric(again, 3, "files_changed"));
        Assert.Equal(0, Metric(again, 3, "slices"));
        Assert.Equal(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM entities"),
            Metric(again, 3, "sessions_present") + Metric(again, 3, "messages_present") + Metric(again, 3, "blocks_present") + Metric(again, 3, "typed_texts_present"));
        Assert.Equal(0, Metric(again, 3, "messages_inserted") + Metric(again, 3, "messages_removed"));
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(db, ["entities", "claude_code_stage_4_rows"]));
    }

    [Fact]
    public async Task A_different_id_length_identifies_every_file_again()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/a.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("a-u1", "first", SessionA)));
        dir.Write("projects/-p/b.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("b-u1", "second", SessionB)));
        var db = dir.Combine("h.duckdb");
        await RunAsync(dir.Combine("projects"), db);

        var other = await HindsightCli.RunAsync("identify", "--db", db, "--quiet", "--json", "--dry-run", "--id-hex-length", "40");

        // Every file is computed again, so the gate sees the whole warehouse's ids under the new length and refuses.
        Assert.Equal(Hindsight.Cli.ExitCodes.Failure, other.ExitCode);
        Assert.Contains("have 32 hex characters, not 40", IdentityPipeline.IdentityStage(other)["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
