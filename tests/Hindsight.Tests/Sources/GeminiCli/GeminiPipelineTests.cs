using System.Globalization;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Sources.GeminiCli;

/// <summary>
/// Gemini CLI end to end through the command line, on tests/fixtures/gemini (a GEMINI_DATA_DIR laid out as Gemini CLI
/// writes it): the rows of expected.json, lines = records + dead letters per file, idempotent re-runs, a document
/// rewritten in place replaced whole, a document cut off mid-write retried and then kept as a dead letter, forget.
/// </summary>
public sealed class GeminiPipelineTests
{
    private static readonly string Fixtures = Path.Combine(RepositoryPaths.Fixtures, "gemini");
    private static readonly JsonNode Expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json")))!;
    private static readonly string[] Tables = ["records", "content_blocks", "dead_letters", "messages", "api_calls", "entities"];
    private const string DocumentName = "session-2026-11-03T09-00-aaaaaaaa.json";

    private static async Task<CliResult> RunAsync(string db, string dataDir, int exitCode = 0)
    {
        var result = await HindsightCli.RunAsync("run", "--db", db, "--manifest", db + ".json", "--provider", "none", "--quiet", "--json",
            "--source", "gemini_cli=" + dataDir);
        Assert.True(result.ExitCode == exitCode, result.ToString());
        return result;
    }

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>A data folder of one project holding the fixture document <paramref name="source"/> under A's name.</summary>
    private static string ProjectWith(TempDirectory dir, string source, out string document)
    {
        var data = dir.Combine("gemini");
        document = Path.Combine(data, "0123abcd", "chats", DocumentName);
        Directory.CreateDirectory(Path.GetDirectoryName(document)!);
        File.Copy(source, document, overwrite: true);
        return data;
    }

    private static string FixtureDocument() =>
        Directory.GetFiles(Path.Combine(Fixtures, "tmp"), DocumentName, SearchOption.AllDirectories).Single();

    [Fact]
    public async Task A_run_over_a_gemini_data_folder_stores_every_message_and_the_expected_calls()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        await RunAsync(db, Path.Combine(Fixtures, "tmp"));

        var expectedFiles = Expected["files"]!.AsArray().Select(f => f!.AsObject()).ToList();
        var stored = await WarehouseProbe.RowsAsync(db, """
            SELECT f.relative_path, f.agent, f.ingested_lines,
                   (SELECT count(*) FROM records r WHERE r.file_id = f.file_id AND r.agent = 'gemini_cli'),
                   (SELECT count(*) FROM dead_letters d WHERE d.file_id = f.file_id AND d.agent = 'gemini_cli'),
                   (SELECT count(*) FROM messages m WHERE m.file_id = f.file_id AND m.kind = 'human_prompt' AND m.agent = 'gemini_cli'),
                   (SELECT string_agg(DISTINCT m.session_id) FROM messages m WHERE m.file_id = f.file_id)
            FROM files f ORDER BY f.relative_path
            """);
        Assert.Equal(expectedFiles.Select(f => f["path"]!.GetValue<string>()).Order(StringComparer.Ordinal), stored.Select(r => (string)r[0]!));
        foreach (var row in stored)
        {
            var expected = expectedFiles.Single(f => f["path"]!.GetValue<string>() == (string)row[0]!);
            Assert.Equal("gemini_cli", row[1]);
            Assert.Equal(expected["lines"]!.GetValue<long>(), Long(row[2]));
            Assert.Equal(expected["records"]!.GetValue<long>(), Long(row[3]));
            Assert.Equal(expected["dead_letters"]!.GetValue<long>(), Long(row[4]));
            Assert.Equal(expected["human_prompts"]!.GetValue<long>(), Long(row[5]));
            Assert.Equal(expected["session"]!.GetValue<string>(), row[6]);
            // Every message (a document's item, a .jsonl line) is a record or a dead letter.
            Assert.Equal(Long(row[2]), Long(row[3]) + Long(row[4]));
        }

        var calls = await WarehouseProbe.RowsAsync(db, """
            SELECT strftime(timezone('UTC', "timestamp"), '%Y-%m-%d'), model, count(*), sum(input_tokens)::BIGINT, sum(cache_read_tokens)::BIGINT,
                   sum(output_tokens)::BIGINT, bool_and(is_priced), sum(cost_usd)
            FROM api_calls WHERE agent = 'gemini_cli' GROUP BY ALL ORDER BY 1, 2
            """);
        var expectedUsage = Expected["usage"]!.AsArray().Select(u => u!.AsObject()).ToList();
        Assert.Equal(expectedUsage.Count, calls.Count);
        foreach (var (row, expected) in calls.Zip(expectedUsage))
        {
            Assert.Equal(expected["date"]!.GetValue<string>(), row[0]);
            Assert.Equal(expected["model"]!.GetValue<string>(), row[1]);
            Assert.Equal(expected["calls"]!.GetValue<long>(), Long(row[2]));
            Assert.Equal(expected["input"]!.GetValue<long>(), Long(row[3]));
            Assert.Equal(expected["cached"]!.GetValue<long>(), Long(row[4]));
            Assert.Equal(expected["output"]!.GetValue<long>(), Long(row[5]));
            Assert.Equal(expected["priced"]!.GetValue<bool>(), row[6]);
            if (expected["cost_usd"] is { } cost) Assert.Equal(cost.GetValue<double>(), Convert.ToDouble(row[7], CultureInfo.InvariantCulture), 9);
        }

        var check = await HindsightCli.RunAsync("check", "--db", db);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public async Task A_second_run_over_the_same_data_folder_changes_nothing()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var root = Path.Combine(Fixtures, "tmp");
        await RunAsync(db, root);
        var first = await WarehouseProbe.ChecksumsAsync(db, Tables);
        var second = await RunAsync(db, root);
        Assert.Equal(first, await WarehouseProbe.ChecksumsAsync(db, Tables));
        Assert.Equal(0L, Extracted(second));
    }

    [Fact]
    public async Task A_document_rewritten_in_place_replaces_its_rows_whole()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var data = ProjectWith(dir, Path.Combine(Fixtures, "rewrite", DocumentName), out var document);
        await RunAsync(db, data);
        var before = Expected["rewrite"]!["before"]!;
        Assert.Equal(before["records"]!.GetValue<long>(), await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        Assert.Equal(before["calls"]!.GetValue<long>(), await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls"));

        // Gemini CLI rewrites the whole document as the session goes on: the same name, more messages, a new mtime.
        File.Copy(FixtureDocument(), document, overwrite: true);
        File.SetLastWriteTimeUtc(document, File.GetLastWriteTimeUtc(document).AddSeconds(5));
        var run = await RunAsync(db, data);

        var after = Expected["rewrite"]!["after"]!;
        Assert.Equal(after["records"]!.GetValue<long>(), Extracted(run));
        Assert.Equal(after["records"]!.GetValue<long>(), await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        Assert.Equal(after["calls"]!.GetValue<long>(), await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls"));
        Assert.Equal(after["records"]!.GetValue<long>(), await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(DISTINCT line_no) FROM records"));
        Assert.Equal(after["records"]!.GetValue<long>(), await WarehouseProbe.ScalarAsync<long>(db, "SELECT max(ingested_lines) FROM files"));

        // The same rows as a first run over the rewritten document.
        var fresh = dir.Combine("fresh.duckdb");
        await RunAsync(fresh, data);
        string[] contentTables = ["content_blocks", "api_calls"];
        Assert.Equal(await WarehouseProbe.ChecksumsAsync(fresh, contentTables), await WarehouseProbe.ChecksumsAsync(db, contentTables));
    }

    [Fact]
    public async Task A_document_cut_off_mid_write_is_retried_while_recent_and_a_dead_letter_after()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var data = ProjectWith(dir, FixtureDocument(), out _);
        var cutoffSource = Path.Combine(Fixtures, "cutoff", Expected["cutoff"]!["path"]!.GetValue<string>());
        var cutoff = Path.Combine(data, "4567cdef", "chats", Path.GetFileName(cutoffSource));
        Directory.CreateDirectory(Path.GetDirectoryName(cutoff)!);
        File.Copy(cutoffSource, cutoff);
        File.SetLastWriteTimeUtc(cutoff, DateTime.UtcNow.AddMinutes(-1));

        // Probably still being written: nothing of it is stored, and it is not yet ingested.
        var first = await RunAsync(db, data);
        Assert.Equal(1L, Stage(first, 1)["metrics"]!["documents_deferred"]!.GetValue<long>());
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records WHERE file_id IN (SELECT file_id FROM files WHERE path LIKE '%cccccccc%')"));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM dead_letters"));

        // Still recent on the next run: retried, still nothing.
        var second = await RunAsync(db, data);
        Assert.Equal(1L, Stage(second, 1)["metrics"]!["documents_deferred"]!.GetValue<long>());

        // Written more than ten minutes ago: broken for good, one dead letter with its reason, the document's hash and length.
        File.SetLastWriteTimeUtc(cutoff, DateTime.UtcNow.AddMinutes(-11));
        var third = await RunAsync(db, data);
        Assert.Equal(0L, Stage(third, 1)["metrics"]!["documents_deferred"]!.GetValue<long>());
        var dead = (await WarehouseProbe.RowsAsync(db, "SELECT line_no, reason, raw_length, raw_sha256, agent FROM dead_letters"))[0];
        Assert.Equal(1L, Long(dead[0]));
        Assert.Equal(Expected["cutoff"]!["dead_letter_reason"]!.GetValue<string>(), dead[1]);
        var bytes = await File.ReadAllBytesAsync(cutoff, TestContext.Current.CancellationToken);
        Assert.Equal((long)bytes.Length, Long(dead[2]));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), dead[3]);
        Assert.Equal("gemini_cli", dead[4]);
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT ingested_lines FROM files WHERE path LIKE '%cccccccc%'"));

        var check = await HindsightCli.RunAsync("check", "--db", db);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public async Task A_document_cut_off_after_it_was_ingested_keeps_its_rows_until_it_parses_again()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var data = ProjectWith(dir, FixtureDocument(), out var document);
        // A second session, so that the corpus still holds messages while the document is unreadable (else discovery says NO-GO).
        var lines = Directory.GetFiles(Path.Combine(Fixtures, "tmp"), "*.jsonl", SearchOption.AllDirectories).Single();
        File.Copy(lines, Path.Combine(Path.GetDirectoryName(document)!, Path.GetFileName(lines)));
        await RunAsync(db, data);
        var rows = await WarehouseProbe.ChecksumsAsync(db, Tables);

        // Caught mid-rewrite: the document ends inside a message. Its earlier rows stay as they were.
        var text = await File.ReadAllTextAsync(document, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(document, text[..(text.Length * 2 / 3)], TestContext.Current.CancellationToken);
        var run = await RunAsync(db, data);
        Assert.Equal(1L, Stage(run, 1)["metrics"]!["documents_deferred"]!.GetValue<long>());
        Assert.Equal(rows, await WarehouseProbe.ChecksumsAsync(db, Tables));
    }

    [Fact]
    public async Task Forget_removes_every_row_of_a_gemini_data_folder()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var data = ProjectWith(dir, FixtureDocument(), out _);
        await RunAsync(db, data);
        Assert.True(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls") > 0);

        var forget = await HindsightCli.RunAsync("forget", data, "--db", db, "--yes", "--json");
        Assert.True(forget.ExitCode == 0, forget.ToString());
        foreach (var table in new[] { "files", "records", "content_blocks", "messages", "api_calls", "entities" })
            Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM {table}"));
    }

    [Fact]
    public async Task Reports_filter_gemini_calls_by_agent()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        await RunAsync(db, Path.Combine(Fixtures, "tmp"));
        var report = await HindsightCli.RunAsync("report", "daily", "--json", "--agent", "gemini_cli", "--timezone", "UTC", "--db", db);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Equal(["2026-11-03", "2026-11-04"], report.Json["daily"]!.AsArray().Select(d => d!["period"]!.GetValue<string>()));
        var expectedInput = Expected["usage"]!.AsArray().Sum(u => u!["input"]!.GetValue<long>());
        Assert.Equal(expectedInput, report.Json["totals"]!["inputTokens"]!.GetValue<long>());
        // The rows name the agent they hold, as ccusage names it.
        Assert.All(report.Json["daily"]!.AsArray(), d => Assert.Equal(["gemini"], d!["metadata"]!["agents"]!.AsArray().Select(a => a!.GetValue<string>())));
        var sessions = await HindsightCli.RunAsync("report", "session", "--json", "--db", db);
        Assert.Equal(["gemini"], sessions.Json["session"]!.AsArray().Select(r => r!["agent"]!.GetValue<string>()).Distinct());
    }

    private static JsonNode Stage(CliResult run, int number) =>
        run.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == number)!;

    /// <summary>Stage 1's records written in this run, from the run's JSON.</summary>
    private static long Extracted(CliResult run) => Stage(run, 1)["items_out"]!.GetValue<long>();
}
