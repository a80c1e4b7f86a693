using System.Text.Json.Nodes;
using Hindsight.Tests.Support;

namespace Hindsight.Tests.Stages;

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
    public async Task More_than_a_tenth_of_files_with_parse_errors_is_CAUTION_and_the_run_goes_on()
    {
        using var dir = new TempDirectory();
        GoodFiles(dir, 4);
        BadFiles(dir, 1);

        var (result, manifest) = await DiscoverAsync(dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("CAUTION", manifest["decision"]!.GetValue<string>());
        Assert.Contains(manifest["recommendations"]!.AsArray(), r => r!.GetValue<string>().StartsWith("WARNING: 20.0% of files have parse errors", StringComparison.Ordinal));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(dir.Combine("out", "h.duckdb"), "SELECT count(*) FROM dead_letters"));
    }

    [Fact]
    public async Task More_than_half_of_files_with_parse_errors_is_NO_GO_with_exit_code_3_and_nothing_extracted()
    {
        using var dir = new TempDirectory();
        GoodFiles(dir, 1);
        BadFiles(dir, 2);

        var (result, manifest) = await DiscoverAsync(dir);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("NO-GO: Too many parse errors", manifest["go_no_go"]!.GetValue<string>());
        var stages = await WarehouseProbe.RowsAsync(dir.Combine("out", "h.duckdb"), "SELECT stage, status FROM run_stages ORDER BY stage");
        Assert.Equal([(0, "succeeded"), (1, "skipped"), (2, "skipped"), (3, "skipped"), (4, "skipped")], stages.Select(r => ((int)r[0]!, (string)r[1]!)));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(dir.Combine("out", "h.duckdb"), "SELECT count(*) FROM records"));
    }

    [Fact]
    public async Task No_transcripts_is_NO_GO_and_says_where_it_looked()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("projects"));

        var (result, manifest) = await DiscoverAsync(dir);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("NO-GO: No source files", manifest["go_no_go"]!.GetValue<string>());
        Assert.Contains("No transcripts found. Looked in:", result.Output, StringComparison.Ordinal);
        Assert.Contains(dir.Combine("projects"), result.Output, StringComparison.Ordinal);
        Assert.Contains("--source DIR", result.Output, StringComparison.Ordinal);
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
