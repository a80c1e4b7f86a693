using System.Text.Json.Nodes;

namespace Hindsight.Tests.Stages;

/// <summary>
/// A re-run on files that have not changed reuses discovery's last profile and manifest and skips
/// extraction's planning; any change to a file, or to the manifest, makes them do their work again.
/// </summary>
public sealed class UnchangedInputTests
{
    private const string Session = "11111111-1111-4111-8111-111111111111";

    private static string WriteCorpus(TempDirectory dir, string project)
    {
        dir.Write($"{project}/-p/{Session}.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("u1", "hello"), TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("hi"))));
        return dir.Write($"{project}/-p/agent-1234abcd.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u2", "task")));
    }

    private static async Task<JsonNode> RunAsync(TempDirectory dir, string project, string db, string manifest)
    {
        var result = await HindsightCli.RunAsync(["run", "--source", dir.Combine(project), "--db", db, "--manifest", manifest, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    private static JsonNode Metrics(JsonNode run, int stage) => run["stages"]![stage]!["metrics"]!;

    private static bool InputsUnchanged(JsonNode run, int stage) => Metrics(run, stage)["inputs_unchanged"]?.GetValue<bool>() == true;

    [Fact]
    public async Task A_re_run_on_unchanged_files_reuses_the_profile_and_the_manifest_and_skips_extraction()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir, "projects");
        var (db, manifest) = (dir.Combine("h.duckdb"), dir.Combine("manifest.json"));

        var first = await RunAsync(dir, "projects", db, manifest);
        var manifestText = await File.ReadAllTextAsync(manifest, TestContext.Current.CancellationToken);
        var manifestTime = File.GetLastWriteTimeUtc(manifest);
        var second = await RunAsync(dir, "projects", db, manifest);

        Assert.False(InputsUnchanged(first, 0));
        Assert.True(InputsUnchanged(second, 0));
        Assert.Equal(0, Metrics(second, 0)["files_profiled"]!.GetValue<long>());
        Assert.Equal(2, Metrics(second, 0)["files_unchanged"]!.GetValue<long>());
        foreach (var key in new[] { "decision", "records", "lines", "transcript_files" })
            Assert.Equal(Metrics(first, 0)[key]!.ToJsonString(), Metrics(second, 0)[key]!.ToJsonString());
        Assert.Equal(manifestText, await File.ReadAllTextAsync(manifest, TestContext.Current.CancellationToken));
        Assert.Equal(manifestTime, File.GetLastWriteTimeUtc(manifest));

        Assert.True(InputsUnchanged(second, 1));
        Assert.Equal(0, Metrics(second, 1)["lines_read"]!.GetValue<long>());
        Assert.Equal(2, Metrics(second, 1)["files_unchanged"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_touched_file_or_a_removed_manifest_makes_discovery_and_extraction_look_again()
    {
        using var dir = new TempDirectory();
        var agent = WriteCorpus(dir, "projects");
        var (db, manifest) = (dir.Combine("h.duckdb"), dir.Combine("manifest.json"));
        await RunAsync(dir, "projects", db, manifest);

        File.SetLastWriteTimeUtc(agent, File.GetLastWriteTimeUtc(agent).AddMinutes(1));
        var touched = await RunAsync(dir, "projects", db, manifest);
        Assert.False(InputsUnchanged(touched, 0));
        Assert.Equal(1, Metrics(touched, 0)["files_profiled"]!.GetValue<long>());
        Assert.False(InputsUnchanged(touched, 1));

        File.AppendAllText(agent, TranscriptLines.Jsonl(TranscriptLines.User("u3", "more")));
        var grown = await RunAsync(dir, "projects", db, manifest);
        Assert.Equal(1, Metrics(grown, 1)["lines_read"]!.GetValue<long>());
        Assert.Equal(4L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));

        File.Delete(manifest);
        var rewritten = await RunAsync(dir, "projects", db, manifest);
        Assert.False(InputsUnchanged(rewritten, 0));
        Assert.True(File.Exists(manifest));
        Assert.Equal(4, Metrics(rewritten, 0)["records"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_no_go_verdict_reused_from_the_last_profile_still_halts_the_run()
    {
        using var dir = new TempDirectory();
        // Mostly unreadable lines, but one record: a NO-GO that keeps its warehouse (one that finds nothing leaves none).
        dir.Write($"projects/-p/{Session}.jsonl", TranscriptLines.Jsonl("{\"type\":\"user\",\"message\":", "not json", TranscriptLines.User("u1", "hi")));
        var (db, manifest) = (dir.Combine("h.duckdb"), dir.Combine("manifest.json"));
        string[] args = ["run", "--source", dir.Combine("projects"), "--db", db, "--manifest", manifest, "--json"];

        var first = await HindsightCli.RunAsync(args);
        var second = await HindsightCli.RunAsync(args);

        Assert.True(first.ExitCode == 3, first.ToString());
        Assert.True(second.ExitCode == 3, second.ToString());
        Assert.True(InputsUnchanged(second.Json, 0));
        Assert.Equal("NO-GO", Metrics(second.Json, 0)["decision"]!.GetValue<string>());
        Assert.Equal("skipped", second.Json["stages"]![1]!["status"]!.GetValue<string>());
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
    }

    [Fact]
    public async Task A_manifest_overwritten_by_another_warehouses_run_is_written_again()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir, "one");
        WriteCorpus(dir, "two");
        dir.Write($"two/-p/22222222-2222-4222-8222-222222222222.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u9", "other")));
        var manifest = dir.Combine("manifest.json");
        await RunAsync(dir, "one", dir.Combine("one.duckdb"), manifest);
        await RunAsync(dir, "two", dir.Combine("two.duckdb"), manifest);

        var again = await RunAsync(dir, "one", dir.Combine("one.duckdb"), manifest);

        Assert.False(InputsUnchanged(again, 0));
        var written = JsonNode.Parse(await File.ReadAllTextAsync(manifest, TestContext.Current.CancellationToken))!;
        Assert.Equal(again["run_id"]!.GetValue<string>(), written["run_id"]!.GetValue<string>());
    }
}
