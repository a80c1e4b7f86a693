
namespace Hindsight.Tests.Stages;

/// <summary>Stages 0 and 1 on the real and curated transcripts in ../shared/transcripts (skipped when absent).</summary>
public sealed class RealTranscriptTests
{
    [Fact]
    public async Task Records_by_type_equal_an_independent_count_and_every_line_is_accounted_for()
    {
        var shared = RepositoryPaths.RequireSharedTranscripts();
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("run", "--source", shared, "--db", db, "--quiet", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var expectedTypes = new Dictionary<string, long>();
        var files = await WarehouseProbe.RowsAsync(db, "SELECT path, file_id FROM files WHERE kind IN ('main_session', 'flat_agent', 'nested_agent')");
        Assert.NotEmpty(files);
        foreach (var row in files)
        {
            var (path, fileId) = ((string)row[0]!, (string)row[1]!);
            var expected = IndependentLineCount.Of(path);
            foreach (var (type, n) in expected.RecordTypes) expectedTypes[type] = expectedTypes.GetValueOrDefault(type) + n;
            var stored = await WarehouseProbe.RowsAsync(db,
                $"SELECT (SELECT count(*) FROM records WHERE file_id = '{fileId}'), (SELECT count(*) FROM dead_letters WHERE file_id = '{fileId}'), partial_tail_bytes FROM files WHERE file_id = '{fileId}'");
            Assert.Equal((expected.Records, expected.Invalid, expected.PartialTailBytes), ((long)stored[0][0]!, (long)stored[0][1]!, (long)stored[0][2]!));
            Assert.Equal(expected.CompleteLines, expected.Records + expected.Invalid + expected.BlankLines);
        }
        var actualTypes = (await WarehouseProbe.RowsAsync(db, "SELECT type, count(*) FROM records GROUP BY type"))
            .ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        Assert.Equal(expectedTypes.OrderBy(p => p.Key), actualTypes.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Edge_cases_jsonl_keeps_its_good_lines_and_gives_dead_letters_with_reasons()
    {
        var shared = RepositoryPaths.RequireSharedTranscripts();
        using var dir = new TempDirectory();
        var source = dir.Combine("projects", "-edge");
        Directory.CreateDirectory(source);
        // Read in place through a link; the file is never copied into the repository.
        File.CreateSymbolicLink(Path.Combine(source, "edge_cases.jsonl"), Path.Combine(shared, "claude-code-log", "edge_cases.jsonl"));
        File.WriteAllText(Path.Combine(source, "ok-1.jsonl"), TranscriptLines.Jsonl(TranscriptLines.User("ok1", "fine")));
        File.WriteAllText(Path.Combine(source, "ok-2.jsonl"), TranscriptLines.Jsonl(TranscriptLines.User("ok2", "fine")));
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet");

        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = IndependentLineCount.Of(Path.Combine(shared, "claude-code-log", "edge_cases.jsonl"));
        const string edge = "file_id IN (SELECT file_id FROM files WHERE relative_path LIKE '%edge_cases.jsonl')";
        Assert.Equal(expected.Records, await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM records WHERE {edge}"));
        var reasons = await WarehouseProbe.RowsAsync(db, $"SELECT reason, detail FROM dead_letters WHERE {edge}");
        Assert.Equal(expected.Invalid, reasons.Count);
        Assert.True(reasons.Count > 0);
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace((string)r[1]!)));
    }

    [Fact]
    public async Task Tool_names_and_block_types_in_the_manifest_are_counted_from_message_content()
    {
        var shared = RepositoryPaths.RequireSharedTranscripts();
        using var dir = new TempDirectory();
        var manifestPath = dir.Combine("manifest.json");

        var result = await HindsightCli.RunAsync("discover", "--source", Path.Combine(shared, "claude-code-log", "real_projects"), "--db", dir.Combine("h.duckdb"), "--manifest", manifestPath, "--quiet");

        Assert.True(result.ExitCode == 0, result.ToString());
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var expectedTools = new Dictionary<string, long>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(shared, "claude-code-log", "real_projects"), "*.jsonl", SearchOption.AllDirectories))
            foreach (var (tool, n) in IndependentLineCount.Of(file).ToolNames) expectedTools[tool] = expectedTools.GetValueOrDefault(tool) + n;
        var tools = manifest["discovery"]!["tool_names"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>());
        Assert.NotEmpty(expectedTools);
        Assert.Equal(expectedTools.OrderBy(p => p.Key), tools.OrderBy(p => p.Key));
        Assert.True(manifest["discovery"]!["content_block_types"]!["tool_use"]!.GetValue<long>() == expectedTools.Values.Sum());
        Assert.Equal("GO", manifest["decision"]!.GetValue<string>());
    }
}
