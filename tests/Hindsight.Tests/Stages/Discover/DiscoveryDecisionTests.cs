using System.Text.Json.Nodes;

namespace Hindsight.Tests.Stages.Discover;

public sealed class DiscoveryDecisionTests
{
    private static async Task<(CliResult Result, JsonNode Manifest)> DiscoverAsync(TempDirectory dir)
    {
        var manifest = dir.Combine("out", "manifest.json");
        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", dir.Combine("out", "h.duckdb"), "--manifest", manifest, "--quiet");
        return (result, JsonNode.Parse(File.ReadAllText(manifest))!);
    }

    private static void GoodFiles(TempDirectory dir, int count)
    {
        for (int i = 0; i < count; i++)
            dir.Write($"projects/-p/good-{i}.jsonl", TranscriptLines.Jsonl(TranscriptLines.User($"g{i}", "hi"), TranscriptLines.Assistant($"a{i}", $"msg_{i}", $"req_{i}", TranscriptLines.Text("ok"))));
    }

    private static void BadFiles(TempDirectory dir, int count)
    {
        for (int i = 0; i < count; i++)
            dir.Write($"projects/-p/bad-{i}.jsonl", TranscriptLines.Jsonl(TranscriptLines.User($"b{i}", "hi"), "{broken"));
    }

    [Fact]
    public async Task Clean_files_are_GO_and_the_run_goes_on()
    {
        using var dir = new TempDirectory();
        GoodFiles(dir, 3);

        var (result, manifest) = await DiscoverAsync(dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("GO", manifest["decision"]!.GetValue<string>());
        Assert.Equal("GO: Data ready for processing", manifest["go_no_go"]!.GetValue<string>());
        Assert.Equal(6, manifest["discovery"]!["records"]!.GetValue<long>());
    }

    [Fact]
    public async Task More_than_five_percent_of_lines_unreadable_is_CAUTION_and_the_run_goes_on()
    {
        using var dir = new TempDirectory();
        GoodFiles(dir, 4);
        BadFiles(dir, 1);

        var (result, manifest) = await DiscoverAsync(dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("CAUTION", manifest["decision"]!.GetValue<string>());
        Assert.Equal("some_lines_unreadable", manifest["decision_rule"]!.GetValue<string>());
        Assert.Contains(manifest["recommendations"]!.AsArray(), r => r!.GetValue<string>().StartsWith("WARNING: 10.0% of lines (1 of 10) are unreadable", StringComparison.Ordinal));
        Assert.Contains(manifest["recommendations"]!.AsArray(), r => r!.GetValue<string>().Contains("bad-0.jsonl: 1 of 2 lines unreadable, mostly invalid_json", StringComparison.Ordinal));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(dir.Combine("out", "h.duckdb"), "SELECT count(*) FROM dead_letters"));
    }

    [Fact]
    public async Task Files_that_each_have_a_bad_line_are_judged_on_lines_not_on_files()
    {
        // Two of three files have a bad line (the seed's rule said NO-GO); 2 of 6 lines are unreadable.
        using var dir = new TempDirectory();
        GoodFiles(dir, 1);
        BadFiles(dir, 2);

        var (result, manifest) = await DiscoverAsync(dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("CAUTION", manifest["decision"]!.GetValue<string>());
        Assert.Equal(4L, await WarehouseProbe.ScalarAsync<long>(dir.Combine("out", "h.duckdb"), "SELECT count(*) FROM records"));
    }

    private static void GarbageFiles(TempDirectory dir, int count)
    {
        for (int i = 0; i < count; i++)
            dir.Write($"projects/-p/garbage-{i}.jsonl", TranscriptLines.Jsonl("{broken", "not json", "[1,2]"));
    }

    [Fact]
    public async Task More_than_half_of_all_lines_unreadable_is_NO_GO_recorded_as_halted_naming_the_files_and_nothing_is_extracted()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/good-0.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("g0", "hi")));
        GarbageFiles(dir, 2);

        var (result, manifest) = await DiscoverAsync(dir);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("NO-GO", manifest["decision"]!.GetValue<string>());
        Assert.Equal("most_lines_unreadable", manifest["decision_rule"]!.GetValue<string>());
        Assert.Equal(6, manifest["decision_basis"]!["unreadable_lines"]!.GetValue<long>());
        Assert.StartsWith("NO-GO: 85.7% of lines are unreadable", manifest["go_no_go"]!.GetValue<string>(), StringComparison.Ordinal);
        var db = dir.Combine("out", "h.duckdb");
        var stages = await WarehouseProbe.RowsAsync(db, "SELECT stage, status FROM run_stages ORDER BY stage");
        Assert.Equal([(0, "succeeded"), (1, "skipped"), (2, "skipped"), (3, "skipped"), (4, "skipped"), (5, "skipped"), (6, "skipped")], stages.Select(r => ((int)r[0]!, (string)r[1]!)));
        Assert.Equal("halted", await WarehouseProbe.ScalarAsync<string>(db, "SELECT status FROM runs"));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        // The message names the offending files, their reason, and how to proceed.
        Assert.Contains("error: discovery said NO-GO", result.Error, StringComparison.Ordinal);
        Assert.Contains(dir.Combine("projects", "-p", "garbage-0.jsonl") + ": 3 of 3 lines unreadable, mostly", result.Error, StringComparison.Ordinal);
        Assert.Contains("--force", result.Error, StringComparison.Ordinal);
        var runs = await HindsightCli.RunAsync("runs", "--db", db, "--json");
        Assert.Equal("halted", runs.Json["runs"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Force_runs_past_a_NO_GO_ingests_every_readable_line_and_records_the_warning()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/good-0.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("g0", "hi")));
        GarbageFiles(dir, 2);
        var db = dir.Combine("out", "h.duckdb");
        var manifestPath = dir.Combine("out", "manifest.json");

        var result = await HindsightCli.RunAsync("run", "--force", "--provider", "none", "--source", dir.Combine("projects"), "--db", db, "--manifest", manifestPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: forced past NO-GO", result.Output, StringComparison.Ordinal);
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        Assert.Equal(6L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM dead_letters"));
        var run = Assert.Single(await WarehouseProbe.RowsAsync(db, "SELECT status, error, options_json FROM runs"));
        Assert.Equal("succeeded", run[0]);
        Assert.StartsWith("forced past NO-GO", (string)run[1]!, StringComparison.Ordinal);
        Assert.Contains("\"force\":true", (string)run[2]!, StringComparison.Ordinal);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM run_stages WHERE status <> 'succeeded'"));
        var stage0 = JsonNode.Parse(await WarehouseProbe.ScalarAsync<string>(db, "SELECT metrics_json FROM run_stages WHERE stage = 0"))!;
        Assert.True(stage0["forced"]!.GetValue<bool>());
        Assert.Equal("NO-GO", stage0["decision"]!.GetValue<string>());
        Assert.True(JsonNode.Parse(File.ReadAllText(manifestPath))!["forced"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_corpus_whose_files_start_with_a_foreign_header_line_is_GO_and_every_record_is_kept()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var manifestPath = dir.Combine("h.manifest.json");

        var result = await HindsightCli.RunAsync("run", "--provider", "none", "--quiet", "--source", Path.Combine(RepositoryPaths.Fixtures, "foreign-header", "projects"), "--db", db);

        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        Assert.Equal("GO", manifest["decision"]!.GetValue<string>());
        Assert.Equal("readable", manifest["decision_rule"]!.GetValue<string>());
        Assert.Equal(64L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        Assert.Equal([(1L, "missing_type"), (1L, "missing_type"), (1L, "missing_type")],
            (await WarehouseProbe.RowsAsync(db, "SELECT line_no, reason FROM dead_letters ORDER BY file_id")).Select(r => ((long)r[0]!, (string)r[1]!)));
    }

    [Fact]
    public async Task No_transcripts_is_NO_GO_says_where_it_looked_and_leaves_no_warehouse_and_no_manifest()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("projects"));
        var manifest = dir.Combine("out", "manifest.json");

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", dir.Combine("out", "h.duckdb"), "--manifest", manifest, "--quiet");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("NO-GO: No source files", result.Error, StringComparison.Ordinal);
        Assert.Contains("No transcripts found. Looked in:", result.Error, StringComparison.Ordinal);
        Assert.Contains(dir.Combine("projects"), result.Error, StringComparison.Ordinal);
        Assert.Contains("--source DIR", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("out", "h.duckdb")));
        Assert.False(File.Exists(dir.Combine("out", "h.duckdb.wal")));
        Assert.False(File.Exists(manifest));
    }

    [Fact]
    public async Task Files_without_any_record_on_a_first_run_leave_nothing_behind_but_on_an_existing_warehouse_the_run_is_recorded_as_halted()
    {
        using var dir = new TempDirectory();
        GarbageFiles(dir, 2);
        var db = dir.Combine("h.duckdb");
        string[] run = ["run", "--source", dir.Combine("projects"), "--db", db, "--quiet"];

        var first = await HindsightCli.RunAsync(run);

        Assert.Equal(3, first.ExitCode);
        Assert.Contains("NO-GO: No messages found", first.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path));

        dir.Write("good/-p/good-0.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("g0", "hi")));
        Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("good"), "--db", db, "--quiet", "--provider", "none")).ExitCode);
        var again = await HindsightCli.RunAsync(run);

        Assert.Equal(3, again.ExitCode);
        Assert.True(File.Exists(db));
        Assert.Equal(["succeeded", "halted"], (await WarehouseProbe.RowsAsync(db, "SELECT status FROM runs ORDER BY started_at")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Files_with_only_a_partial_last_line_are_not_parse_errors()
    {
        using var dir = new TempDirectory();
        GoodFiles(dir, 1);
        dir.Write("projects/-p/live.jsonl", TranscriptLines.User("l1", "done") + "\n" + "{\"type\":\"user\",\"mess");

        var (result, manifest) = await DiscoverAsync(dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("GO", manifest["decision"]!.GetValue<string>());
        Assert.True(manifest["discovery"]!["partial_tail_bytes"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task The_field_inventory_collapses_file_paths_used_as_keys()
    {
        using var dir = new TempDirectory();
        GoodFiles(dir, 1);
        dir.Write("projects/-p/snap.jsonl", TranscriptLines.Jsonl(
            """{"type":"file-history-snapshot","messageId":"m1","snapshot":{"messageId":"m1","trackedFileBackups":{"/home/ana/a.py":{"backupFileName":"x"},"src/b.ts":{"backupFileName":"y"}},"timestamp":"2026-01-01T00:00:00.000Z"},"isSnapshotUpdate":false}"""));

        var (_, manifest) = await DiscoverAsync(dir);

        var nested = manifest["discovery"]!["structure"]!["fields_nested"]!.AsObject();
        Assert.True(nested.ContainsKey("snapshot.trackedFileBackups.*.backupFileName"));
        Assert.DoesNotContain(nested, p => p.Key.Contains("a.py", StringComparison.Ordinal));
    }
}
