using System.Text;

namespace Hindsight.Tests.Stages.Extract;

public sealed class ExtractionTests
{
    private static string Project(TempDirectory dir) => dir.Combine("projects");

    /// <summary>
    /// Runs the pipeline on the test's files plus two clean sessions, so that one file with bad lines
    /// stays under discovery's NO-GO threshold (more than half the files with parse errors).
    /// </summary>
    private static Task<CliResult> RunAsync(TempDirectory dir, params string[] extra)
    {
        foreach (var name in new[] { "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333" })
        {
            var path = dir.Combine("projects", "-clean", name + ".jsonl");
            if (!File.Exists(path)) dir.Write($"projects/-clean/{name}.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("clean-" + name[..4], "fine", session: name)));
        }
        return HindsightCli.RunAsync(["run", "--source", Project(dir), "--db", dir.Combine("h.duckdb"), "--quiet", .. extra]);
    }

    private const string NotClean = "file_id NOT IN (SELECT file_id FROM files WHERE project = '-clean')";

    [Fact]
    public async Task Every_line_becomes_a_record_or_a_dead_letter_with_its_reason()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("u1", "hello"),
            "{\"type\":\"user\",\"message\":",
            "[1,2,3]",
            "{\"no_type\":true}",
            TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.ToolUse("toolu_1", "Bash"))));

        var result = await RunAsync(dir);

        Assert.Equal(0, result.ExitCode);
        var db = dir.Combine("h.duckdb");
        Assert.Equal(2L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records WHERE " + NotClean));
        var reasons = await WarehouseProbe.RowsAsync(db, "SELECT line_no, reason FROM dead_letters ORDER BY line_no");
        Assert.Equal([(2L, "invalid_json"), (3L, "not_an_object"), (4L, "missing_type")], reasons.Select(r => ((long)r[0]!, (string)r[1]!)));
        Assert.Equal("Bash", await WarehouseProbe.ScalarAsync<string>(db, "SELECT tool_name FROM content_blocks WHERE block_type = 'tool_use'"));
    }

    [Fact]
    public async Task A_second_run_on_unchanged_input_changes_no_table()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("u1", "hello"), TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("hi"))));
        dir.Write("projects/-p/agent-1234abcd.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u2", "task")));

        Assert.Equal(0, (await RunAsync(dir)).ExitCode);
        var before = await WarehouseProbe.ChecksumsAsync(dir.Combine("h.duckdb"));
        var second = await RunAsync(dir, "--json");
        var after = await WarehouseProbe.ChecksumsAsync(dir.Combine("h.duckdb"));

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(before, after);
        Assert.Equal(0, second.Json["stages"]![1]!["items_in"]!.GetValue<long>());
        Assert.Equal(4, second.Json["stages"]![1]!["metrics"]!["files_unchanged"]!.GetValue<long>());
    }

    [Fact]
    public async Task Appending_lines_to_one_file_ingests_exactly_those_lines()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "one"), TranscriptLines.User("u2", "two")));
        await RunAsync(dir);

        File.AppendAllText(path, TranscriptLines.Jsonl(TranscriptLines.User("u3", "three"), "not json"));
        var result = await RunAsync(dir, "--json");

        var db = dir.Combine("h.duckdb");
        Assert.Equal(2, result.Json["stages"]![1]!["items_in"]!.GetValue<long>());
        Assert.Equal(["u1", "u2", "u3"], (await WarehouseProbe.RowsAsync(db, "SELECT uuid FROM records WHERE " + NotClean + " ORDER BY line_no")).Select(r => (string)r[0]!));
        Assert.Equal(4L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT line_no FROM dead_letters"));
    }

    [Fact]
    public async Task A_partial_last_line_waits_for_the_next_run_and_is_ingested_once_completed()
    {
        using var dir = new TempDirectory();
        var whole = TranscriptLines.User("u2", "second");
        var path = dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.User("u1", "first") + "\n" + whole[..40]);

        var first = await RunAsync(dir, "--json");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, first.Json["stages"]![1]!["metrics"]!["dead_letters"]!.GetValue<long>());
        Assert.Equal(40, first.Json["stages"]![1]!["metrics"]!["partial_tail_bytes"]!.GetValue<long>());

        File.AppendAllText(path, whole[40..] + "\n");
        await RunAsync(dir);

        var db = dir.Combine("h.duckdb");
        Assert.Equal(["u1", "u2"], (await WarehouseProbe.RowsAsync(db, "SELECT uuid FROM records WHERE " + NotClean + " ORDER BY line_no")).Select(r => (string)r[0]!));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM dead_letters"));
    }

    [Fact]
    public async Task A_file_rewritten_shorter_is_replaced_whole()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl",
            TranscriptLines.Jsonl(TranscriptLines.User("u1", "one"), TranscriptLines.User("u2", "two"), TranscriptLines.User("u3", "three")));
        await RunAsync(dir);

        File.WriteAllText(path, TranscriptLines.Jsonl(TranscriptLines.User("x1", "rewritten")));
        await RunAsync(dir);

        var db = dir.Combine("h.duckdb");
        Assert.Equal(["x1"], (await WarehouseProbe.RowsAsync(db, "SELECT uuid FROM records WHERE " + NotClean)).Select(r => (string)r[0]!));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT generation FROM files WHERE project = '-p'"));
    }

    [Fact]
    public async Task A_file_whose_ingested_prefix_changed_at_the_same_length_is_replaced()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "aaaa")));
        await RunAsync(dir);

        File.WriteAllText(path, TranscriptLines.Jsonl(TranscriptLines.User("u1", "bbbb"), TranscriptLines.User("u2", "more")));
        await RunAsync(dir);

        var db = dir.Combine("h.duckdb");
        var texts = await WarehouseProbe.RowsAsync(db, "SELECT text FROM content_blocks WHERE " + NotClean + " ORDER BY line_no");
        Assert.Equal(["bbbb", "more"], texts.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Edge_files_are_stored_without_loss_bom_crlf_unicode_names_invalid_utf8_empty_and_summary_only()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/bom.jsonl", "\uFEFF" + TranscriptLines.Jsonl(TranscriptLines.User("b1", "bom")));
        dir.Write("projects/-p/crlf.jsonl", TranscriptLines.User("c1", "one") + "\r\n" + TranscriptLines.User("c2", "two") + "\r\n");
        dir.Write("projects/-p/会话-ünïcödé.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("n1", "名前")));
        dir.Write("projects/-p/empty.jsonl", "");
        dir.Write("projects/-p/summary.jsonl", TranscriptLines.Jsonl(TranscriptLines.Summary("A title")));
        var bad = Encoding.UTF8.GetBytes(TranscriptLines.User("i1", "ok") + "\n").Concat(new byte[] { 0x7B, 0xFF, 0xFE, 0x7D, 0x0A }).ToArray();
        dir.WriteBytes("projects/-p/invalid.jsonl", bad);

        var result = await RunAsync(dir);

        Assert.Equal(0, result.ExitCode);
        var db = dir.Combine("h.duckdb");
        var uuids = (await WarehouseProbe.RowsAsync(db, "SELECT uuid FROM records WHERE uuid IS NOT NULL AND " + NotClean + " ORDER BY uuid")).Select(r => (string)r[0]!);
        Assert.Equal(["b1", "c1", "c2", "i1", "n1"], uuids);
        Assert.Equal("名前", await WarehouseProbe.ScalarAsync<string>(db, "SELECT text FROM content_blocks b JOIN records r USING (file_id, line_no) WHERE r.uuid = 'n1'"));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records WHERE type = 'summary'"));
        var dead = await WarehouseProbe.RowsAsync(db, "SELECT reason, raw_length, octet_length(raw_prefix) FROM dead_letters");
        Assert.Equal([("invalid_utf8", 4L, 4L)], dead.Select(r => ((string)r[0]!, (long)r[1]!, (long)r[2]!)));
        Assert.Equal(6L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM files WHERE project = '-p'"));
    }

    [Fact]
    public async Task A_twenty_megabyte_line_is_stored_whole()
    {
        using var dir = new TempDirectory();
        var huge = new string('z', 20 * 1024 * 1024);
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("big", huge), TranscriptLines.User("after", "small")));

        var result = await RunAsync(dir);
        Assert.True(result.ExitCode == 0, result.ToString());

        var db = dir.Combine("h.duckdb");
        Assert.Equal((long)huge.Length, await WarehouseProbe.ScalarAsync<long>(db, "SELECT length(text) FROM content_blocks b JOIN records r USING (file_id, line_no) WHERE r.uuid = 'big'"));
        Assert.Equal(2L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records WHERE " + NotClean));
    }

    [Fact]
    public async Task A_line_over_the_configured_limit_becomes_a_dead_letter_with_its_length_and_hash()
    {
        using var dir = new TempDirectory();
        var line = TranscriptLines.User("big", new string('q', 3 * 1024 * 1024));
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(line, TranscriptLines.User("after", "small")));

        Assert.Equal(0, (await RunAsync(dir, "--max-line-bytes", "1048576")).ExitCode);

        var db = dir.Combine("h.duckdb");
        var dead = await WarehouseProbe.RowsAsync(db, "SELECT reason, raw_length, octet_length(raw_prefix), raw_sha256 FROM dead_letters");
        Assert.Single(dead);
        Assert.Equal("line_too_long", dead[0][0]);
        Assert.Equal((long)Encoding.UTF8.GetByteCount(line), dead[0][1]);
        Assert.Equal(64L * 1024, dead[0][2]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(line))), dead[0][3]);
        Assert.Equal("after", await WarehouseProbe.ScalarAsync<string>(db, "SELECT uuid FROM records WHERE " + NotClean));
    }
}
