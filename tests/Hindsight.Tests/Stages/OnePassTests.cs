using System.Text.Json.Nodes;

namespace Hindsight.Tests.Stages;

/// <summary>
/// `hindsight run` reads each changed transcript once: extraction's readers profile it for discovery, which decides
/// after that pass; a NO-GO found by the pass takes back what the pass committed.
/// </summary>
public sealed class OnePassTests
{
    private static string Session(int i) => $"11111111-1111-4111-8111-11111111111{i}";

    private static void GoodCorpus(TempDirectory dir)
    {
        for (int i = 0; i < 3; i++)
        {
            dir.Write($"projects/-p/{Session(i)}.jsonl", TranscriptLines.Jsonl(
                TranscriptLines.User($"u{i}", "hello", Session(i)),
                "",
                TranscriptLines.Assistant($"a{i}", $"msg_{i}", $"req_{i}", TranscriptLines.ToolUse($"toolu_{i}", "Bash"), session: Session(i)),
                TranscriptLines.Summary($"summary {i}")));
        }
    }

    private static async Task<JsonNode> RunAsync(TempDirectory dir, string db, params string[] extra)
    {
        var result = await HindsightCli.RunAsync(["run", "--provider", "none", "--source", dir.Combine("projects"), "--db", db, "--manifest", dir.Combine("manifest.json"), "--json", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    private static JsonNode Metrics(JsonNode run, int stage) => run["stages"]![stage]!["metrics"]!;

    private static long CorpusBytes(TempDirectory dir) =>
        Directory.GetFiles(dir.Combine("projects"), "*.jsonl", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    [Fact]
    public async Task A_cold_run_reads_every_byte_of_the_corpus_once_across_discovery_and_extraction()
    {
        using var dir = new TempDirectory();
        GoodCorpus(dir);
        dir.Write("projects/-p/live.jsonl", TranscriptLines.User("l1", "done") + "\n" + "{\"type\":\"user\",\"mess");

        var run = await RunAsync(dir, dir.Combine("h.duckdb"));

        var discovery = Metrics(run, 0);
        var extraction = Metrics(run, 1);
        Assert.Equal(0, discovery["bytes_read"]!.GetValue<long>());
        Assert.Equal(4, discovery["files_profiled"]!.GetValue<long>());
        Assert.Equal(4, discovery["files_profiled_by_extraction"]!.GetValue<long>());
        Assert.Equal(CorpusBytes(dir), discovery["bytes_read"]!.GetValue<long>() + extraction["file_bytes_read"]!.GetValue<long>());
        Assert.Equal(extraction["records"]!.GetValue<long>(), discovery["records"]!.GetValue<long>());
        Assert.Equal(extraction["lines_read"]!.GetValue<long>(), discovery["lines"]!.GetValue<long>());
        Assert.Equal("GO", discovery["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_grown_file_is_read_from_its_ingested_end_and_its_profile_equals_a_full_read()
    {
        using var dir = new TempDirectory();
        GoodCorpus(dir);
        var db = dir.Combine("h.duckdb");
        await RunAsync(dir, db);
        var grown = dir.Combine("projects", "-p", $"{Session(1)}.jsonl");
        var before = new FileInfo(grown).Length;
        File.AppendAllText(grown, TranscriptLines.Jsonl(
            """{"type":"brand-new-kind","sessionId":"x"}""",
            "{broken",
            TranscriptLines.User("u9", "more", Session(1))));

        var second = await RunAsync(dir, db);

        var discovery = Metrics(second, 0);
        Assert.Equal(0, discovery["bytes_read"]!.GetValue<long>());
        Assert.Equal(1, discovery["files_profiled_by_extraction"]!.GetValue<long>());
        Assert.Equal(new FileInfo(grown).Length - before, Metrics(second, 1)["file_bytes_read"]!.GetValue<long>());
        // The same corpus discovered from scratch, in a new warehouse, reading every file whole.
        var fresh = await HindsightCli.RunAsync("discover", "--source", dir.Combine("projects"), "--db", dir.Combine("fresh.duckdb"), "--manifest", dir.Combine("fresh.json"), "--json");
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        var full = Metrics(fresh.Json, 0);
        foreach (var key in new[] { "lines", "records", "dead_letters", "record_types", "tool_names", "earliest", "latest", "format_drift", "decision", "decision_basis" })
            Assert.True(JsonNode.DeepEquals(full[key], discovery[key]), $"{key}: {full[key]?.ToJsonString()} after a full read, {discovery[key]?.ToJsonString()} after the pass");
        var manifest = JsonNode.Parse(File.ReadAllText(dir.Combine("manifest.json")))!;
        var freshManifest = JsonNode.Parse(File.ReadAllText(dir.Combine("fresh.json")))!;
        Assert.True(JsonNode.DeepEquals(freshManifest["discovery"], manifest["discovery"]), "the manifests' discovery sections differ");
        Assert.True(JsonNode.DeepEquals(freshManifest["drift"], manifest["drift"]), "the manifests' drift sections differ");
    }

    [Fact]
    public async Task Extract_on_its_own_stores_the_profiles_of_what_it_read_so_discover_reads_nothing_again()
    {
        using var dir = new TempDirectory();
        GoodCorpus(dir);
        string[] where = ["--source", dir.Combine("projects"), "--db", dir.Combine("h.duckdb"), "--manifest", dir.Combine("manifest.json"), "--json"];

        var extract = await HindsightCli.RunAsync(["extract", .. where]);
        var discover = await HindsightCli.RunAsync(["discover", .. where]);

        Assert.True(extract.ExitCode == 0, extract.ToString());
        Assert.True(discover.ExitCode == 0, discover.ToString());
        Assert.Equal(3, Metrics(extract.Json, 0)["files_profiled"]!.GetValue<long>());
        var discovery = Metrics(discover.Json, 0);
        Assert.Equal(0, discovery["files_profiled"]!.GetValue<long>());
        Assert.Equal(3, discovery["files_unchanged"]!.GetValue<long>());
        Assert.Equal(0, discovery["bytes_read"]!.GetValue<long>());
        Assert.Equal(Metrics(extract.Json, 0)["records"]!.GetValue<long>(), discovery["records"]!.GetValue<long>());
    }

    private const string Positions = """
        SELECT file_id, ingested_offset, ingested_lines, ingested_size, ingested_mtime, partial_tail_bytes, head_sha256,
               boundary_sha256, generation, last_ingested_run
        FROM files WHERE ingested_size IS NOT NULL ORDER BY file_id
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // a pass that replaces no file keeps no rows aside (ExtractSql.KeepNoRows) and is undone all the same
    public async Task A_no_go_found_by_the_pass_leaves_an_existing_warehouse_exactly_as_it_was_and_exits_3(bool oneFileReplacedWhole)
    {
        using var dir = new TempDirectory();
        GoodCorpus(dir);
        var db = dir.Combine("h.duckdb");
        await RunAsync(dir, db);
        string[] tables = [.. WarehouseProbe.DataTables.Where(t => t != "files"), "file_blocks"];
        var checksums = await WarehouseProbe.ChecksumsAsync(db, tables);
        var positions = await WarehouseProbe.RowsAsync(db, Positions);
        // One file grows, one is rewritten shorter (replaced whole) or not, and new files of garbage make most lines unreadable.
        File.AppendAllText(dir.Combine("projects", "-p", $"{Session(0)}.jsonl"), TranscriptLines.Jsonl(TranscriptLines.User("u7", "grown", Session(0))));
        if (oneFileReplacedWhole)
            File.WriteAllText(dir.Combine("projects", "-p", $"{Session(1)}.jsonl"), TranscriptLines.Jsonl(TranscriptLines.User("r1", "rewritten", Session(1))));
        for (int i = 0; i < 3; i++)
            dir.Write($"projects/-p/garbage-{i}.jsonl", TranscriptLines.Jsonl("{broken", "not json", "[1,2]", "{\"no\":\"type\"}", "nope"));

        var refused = await HindsightCli.RunAsync("run", "--provider", "none", "--source", dir.Combine("projects"), "--db", db, "--manifest", dir.Combine("manifest.json"), "--json");

        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Equal("NO-GO", Metrics(refused.Json, 0)["decision"]!.GetValue<string>());
        Assert.True(Metrics(refused.Json, 0)["extraction_undone"]!.GetValue<bool>());
        Assert.Equal("skipped", refused.Json["stages"]![1]!["status"]!.GetValue<string>());
        Assert.Equal(checksums, await WarehouseProbe.ChecksumsAsync(db, tables));
        Assert.Equal(positions, await WarehouseProbe.RowsAsync(db, Positions));
        Assert.Equal(["succeeded", "halted"], (await WarehouseProbe.RowsAsync(db, "SELECT status FROM runs ORDER BY started_at")).Select(r => (string)r[0]!));

        // Without the garbage, the next run ingests the changes as if the refused run had never happened.
        foreach (var garbage in Directory.GetFiles(dir.Combine("projects", "-p"), "garbage-*")) File.Delete(garbage);
        await RunAsync(dir, db);
        await RunAsync(dir, dir.Combine("clean.duckdb"));
        Assert.Equal(await WarehouseProbe.ChecksumsAsync(dir.Combine("clean.duckdb"), ["content_blocks", "file_blocks"]), await WarehouseProbe.ChecksumsAsync(db, ["content_blocks", "file_blocks"]));
        Assert.Equal(
            await WarehouseProbe.RowsAsync(dir.Combine("clean.duckdb"), "SELECT file_id, line_no, raw FROM records ORDER BY ALL"),
            await WarehouseProbe.RowsAsync(db, "SELECT file_id, line_no, raw FROM records ORDER BY ALL"));
    }
}
