using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// The hostile-input promise for the other agents' readers: a Codex rollout and a Gemini CLI <c>.jsonl</c> chat holding
/// a truncated line, invalid UTF-8, a line over <c>--max-line-bytes</c>, JSON that is not an object, an object without a
/// type and a partial last line, and Gemini CLI documents: one that is not JSON, one with a message over the limit, one
/// still being written, and one whose second message is invalid UTF-8 (that message alone is a dead letter). Every complete line is a record or a dead letter with its reason, length and hash,
/// checked against bytes the pipeline never touched; a broken document is one dead letter for the whole file once it is
/// old enough, and nothing while it may still be written; the run exits 0 (dead letters are not failures); and a second
/// run, after the tails are finished and the live document is whole, loses nothing and changes no dead letter.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OtherAgentHostileInputTests
{
    private const int MaxLineBytes = 1024 * 1024;
    private const string Rollout = "sessions/2026/11/06/rollout-2026-11-06T08-00-00-11111111-2222-4333-8444-555555555555.jsonl";
    private const string JsonlChat = "abcd/chats/session-2026-11-06T08-00-cccccccc.jsonl";
    private const string LiveDocument = "abcd/chats/session-2026-11-06T12-00-99999999.json";
    private static readonly string Huge = new('x', MaxLineBytes + MaxLineBytes / 2);

    /// <summary>A broken document, aged past the retry window, and the reason its single dead letter must give.</summary>
    private static readonly (string Path, byte[] Bytes, string Reason)[] BrokenDocuments =
    [
        ("abcd/chats/session-2026-11-06T09-00-dddddddd.json", "this is not a chat\n"u8.ToArray(), "invalid_json"),
        ("abcd/chats/session-2026-11-06T11-00-ffffffff.json", Encoding.UTF8.GetBytes(new JsonObject
        {
            ["sessionId"] = "f",
            ["messages"] = new JsonArray(new JsonObject { ["id"] = "f1", ["type"] = "user", ["content"] = Huge }),
        }.ToJsonString()), "invalid_json"),
    ];

    /// <summary>A document that parses but for one message of invalid UTF-8: that message is a dead letter, the others records.</summary>
    private const string MixedDocument = "abcd/chats/session-2026-11-06T10-00-eeeeeeee.json";
    private static readonly byte[] GoodMessage = """{"id":"e1","timestamp":"2026-11-06T10:00:00.000Z","type":"user","content":"read the notes"}"""u8.ToArray();
    private static readonly byte[] BadMessage = [.. """{"id":"e2","timestamp":"2026-11-06T10:00:01.000Z","type":"user","content":"caf"""u8, 0xC3, 0x28, .. "\"}"u8];

    private static string Time(int second) => string.Create(CultureInfo.InvariantCulture, $"2026-11-06T08:{second / 60:00}:{second % 60:00}.000Z");

    /// <summary>Good lines enough that discovery's GO rule (under half the lines unreadable) holds.</summary>
    private static IEnumerable<byte[]> Good(Func<int, JsonObject> line) =>
        Enumerable.Range(100, 30).Select(i => Encoding.UTF8.GetBytes(line(i).ToJsonString()));

    /// <summary>The hostile lines both JSONL formats share, by the reason their dead letter must give (null: a record).</summary>
    private static List<(byte[] Line, string? Reason)> Hostile(Func<int, string, JsonObject> message, byte[] truncated, byte[] invalidUtf8) =>
    [
        (truncated, "invalid_json"),
        (invalidUtf8, "invalid_utf8"),
        (Encoding.UTF8.GetBytes(message(3, Huge).ToJsonString()), "line_too_long"),
        ("[1,2,3]"u8.ToArray(), "not_an_object"),
        ("\"just a string\""u8.ToArray(), "not_an_object"),
        (Encoding.UTF8.GetBytes(new JsonObject { ["timestamp"] = Time(6), ["payload"] = new JsonObject() }.ToJsonString()), "missing_type"),
        (Encoding.UTF8.GetBytes(message(7, "fix the hostile test").ToJsonString()), null),
    ];

    private static JsonObject CodexMessage(int second, string text) => new()
    {
        ["timestamp"] = Time(second),
        ["type"] = "response_item",
        ["payload"] = new JsonObject
        {
            ["type"] = "message", ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = text }),
        },
    };

    private static JsonObject GeminiMessage(int second, string text) => new()
    {
        ["id"] = "m" + second.ToString(CultureInfo.InvariantCulture), ["timestamp"] = Time(second), ["type"] = "user", ["content"] = text,
    };

    private static byte[] Lines(IEnumerable<byte[]> lines, byte[] tail) =>
        [.. lines.SelectMany(line => line.Append((byte)'\n')), .. tail];

    [Fact]
    public async Task Every_hostile_codex_and_gemini_cli_line_and_document_becomes_a_record_or_a_dead_letter_and_a_rerun_loses_nothing()
    {
        using var dir = new TempDirectory();
        var codex = dir.Combine("codex");
        var gemini = dir.Combine("gemini");

        var codexLines = new List<(byte[] Line, string? Reason)>
        {
            (Encoding.UTF8.GetBytes(new JsonObject { ["timestamp"] = Time(0), ["type"] = "session_meta", ["payload"] = new JsonObject { ["id"] = "11111111-2222-4333-8444-555555555555", ["cwd"] = "/home/ana/work/hostile" } }.ToJsonString()), null),
            (Encoding.UTF8.GetBytes(new JsonObject { ["timestamp"] = Time(1), ["type"] = "turn_context", ["payload"] = new JsonObject { ["cwd"] = "/home/ana/work/hostile", ["model"] = "gpt-5-codex" } }.ToJsonString()), null),
        };
        codexLines.AddRange(Hostile(CodexMessage,
            """{"timestamp":"2026-11-06T08:00:01.000Z","type":"response_item","payload":{"type":"mess"""u8.ToArray(),
            [.. """{"timestamp":"2026-11-06T08:00:02.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"caf"""u8, 0xC3, 0x28, .. "\"}]}}"u8]));
        codexLines.AddRange(Good(i => new JsonObject { ["timestamp"] = Time(i), ["type"] = "event_msg", ["payload"] = new JsonObject { ["type"] = "agent_message", ["message"] = "step " + i.ToString(CultureInfo.InvariantCulture) } }).Select(l => (l, (string?)null)));
        var codexTail = """{"timestamp":"2026-11-06T08:05:00.000Z","type":"event_msg","payload":{"type":"agent_message","""u8.ToArray();
        var rollout = dir.WriteBytes(Path.Combine("codex", Rollout), Lines(codexLines.Select(l => l.Line), codexTail));

        var geminiLines = new List<(byte[] Line, string? Reason)>
        {
            ("""{"sessionId":"cccccccc-1111-4222-8333-444444444444","projectHash":"abcd","startTime":"2026-11-06T08:00:00.000Z"}"""u8.ToArray(), null),
        };
        geminiLines.AddRange(Hostile(GeminiMessage,
            """{"id":"m1","timestamp":"2026-11-06T08:00:01.000Z","type":"us"""u8.ToArray(),
            [.. """{"id":"m2","timestamp":"2026-11-06T08:00:02.000Z","type":"user","content":"caf"""u8, 0xC3, 0x28, .. "\"}"u8]));
        geminiLines.AddRange(Good(i => GeminiMessage(i, "step " + i.ToString(CultureInfo.InvariantCulture))).Select(l => (l, (string?)null)));
        var geminiTail = """{"id":"m200","timestamp":"2026-11-06T08:05:00.000Z","type":"user","""u8.ToArray();
        var chat = dir.WriteBytes(Path.Combine("gemini", JsonlChat), Lines(geminiLines.Select(l => l.Line), geminiTail));

        foreach (var (path, bytes, _) in BrokenDocuments)
        {
            var written = dir.WriteBytes(Path.Combine("gemini", path), bytes);
            File.SetLastWriteTimeUtc(written, DateTime.UtcNow.AddMinutes(-11));
        }
        dir.WriteBytes(Path.Combine("gemini", MixedDocument), [.. """{"sessionId":"e","messages":["""u8, .. GoodMessage, (byte)',', .. BadMessage, .. "]}"u8]);
        var liveDocument = Path.Combine(RepositoryPaths.Fixtures, "gemini", "rewrite", "session-2026-11-03T09-00-aaaaaaaa.json");
        var whole = await File.ReadAllBytesAsync(liveDocument, TestContext.Current.CancellationToken);
        var live = dir.WriteBytes(Path.Combine("gemini", LiveDocument), whole[..(whole.Length / 2)]);
        var db = dir.Combine("h.duckdb");
        string[] run = ["run", "--source", "codex=" + codex, "--source", "gemini_cli=" + gemini, "--db", db, "--provider", "none", "--max-line-bytes", MaxLineBytes.ToString(CultureInfo.InvariantCulture)];

        var first = await HindsightCli.RunAsync(run);

        Assert.True(first.ExitCode == 0, first.ToString());
        var failures = new List<string>();
        failures.AddRange(await CheckLinesAsync(db, rollout, Rollout, codexLines, codexTail.Length));
        failures.AddRange(await CheckLinesAsync(db, chat, JsonlChat, geminiLines, geminiTail.Length));
        foreach (var (path, bytes, reason) in BrokenDocuments) failures.AddRange(await CheckDocumentAsync(db, path, bytes, reason));
        var mixed = await RowsAsync(db, """
            SELECT 'record', r.line_no, r.raw, NULL, NULL FROM records r JOIN files f USING (file_id) WHERE f.relative_path = $path
            UNION ALL
            SELECT d.reason, d.line_no, NULL, d.raw_length, d.raw_sha256 FROM dead_letters d JOIN files f USING (file_id) WHERE f.relative_path = $path
            ORDER BY 2
            """, MixedDocument);
        Assert.Equal(2, mixed.Count);
        Assert.Equal(["record", 1L, Encoding.UTF8.GetString(GoodMessage)], [mixed[0][0], Long(mixed[0][1]), mixed[0][2]]);
        Assert.Equal(["invalid_utf8", 2L, (long)BadMessage.Length, Convert.ToHexStringLower(SHA256.HashData(BadMessage))], [mixed[1][0], Long(mixed[1][1]), Long(mixed[1][3]), mixed[1][4]]);
        Assert.True(failures.Count == 0, "hostile cases that went wrong:\n" + string.Join("\n", failures));
        // The document still being written is neither half read nor a dead letter: it is read again next run.
        Assert.Equal([0L, 0L], (await RowsAsync(db, """
            SELECT (SELECT count(*) FROM records r WHERE r.file_id = f.file_id), (SELECT count(*) FROM dead_letters d WHERE d.file_id = f.file_id)
            FROM files f WHERE relative_path = $path
            """, LiveDocument)).Single().Select(Long));
        long deadLetters = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM dead_letters");
        Assert.Equal(2 * 6 + BrokenDocuments.Length + 1, deadLetters);
        Assert.Contains($"{deadLetters.ToString("N0", CultureInfo.InvariantCulture)} dead letters", first.Output, StringComparison.Ordinal);
        // Said as CAUTION, with Claude Code's record-type warnings left out: these agents write no 'assistant' lines.
        Assert.Contains("CAUTION", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("message type found", first.Output + first.Error, StringComparison.Ordinal);
        var before = await WarehouseProbe.ChecksumsAsync(db, ["dead_letters"]);

        // The writers finish: both partial lines end, the live document is written whole.
        await File.AppendAllTextAsync(rollout, "\"message\":\"done\"}}\n", TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync(chat, "\"content\":\"done\"}\n", TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(live, whole, TestContext.Current.CancellationToken);
        var second = await HindsightCli.RunAsync([.. run, "--quiet"]);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(db, ["dead_letters"]));
        foreach (var (path, lines) in new[] { (Rollout, codexLines.Count + 1), (JsonlChat, geminiLines.Count + 1) })
        {
            var stored = (await RowsAsync(db, """
                SELECT ingested_lines, partial_tail_bytes, (SELECT count(*) FROM records r WHERE r.file_id = f.file_id) + (SELECT count(*) FROM dead_letters d WHERE d.file_id = f.file_id)
                FROM files f WHERE relative_path = $path
                """, path)).Single().Select(Long).ToList();
            Assert.Equal([lines, 0L, lines], stored);
        }
        Assert.True(Long((await RowsAsync(db, "SELECT count(*) FROM records r JOIN files f USING (file_id) WHERE f.relative_path = $path", LiveDocument)).Single()[0]) > 0,
            "the live document was not read once whole");
    }

    /// <summary>Every complete line of a JSONL file against the warehouse: a record (its raw JSON the line) or a dead letter with its reason, length and hash.</summary>
    private static async Task<List<string>> CheckLinesAsync(string db, string file, string relative, List<(byte[] Line, string? Reason)> written, long tailBytes)
    {
        var problems = new List<string>();
        void Check(bool ok, string what)
        {
            if (!ok) problems.Add($"{relative}: {what}");
        }
        var (lines, tail) = HostileLines.Split(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        Check(lines.Count == written.Count && tail == tailBytes, $"the test wrote {written.Count} lines and a {tailBytes}-byte tail, the file splits into {lines.Count} and {tail}");
        var stored = (await RowsAsync(db, "SELECT file_id, ingested_lines, partial_tail_bytes FROM files WHERE relative_path = $path", relative)).Single();
        var fileId = (string)stored[0]!;
        Check(Long(stored[1]) == lines.Count && Long(stored[2]) == tail, $"{stored[1]} lines and a {stored[2]}-byte tail stored");

        var records = (await RowsAsync(db, "SELECT line_no, raw FROM records WHERE file_id = $path ORDER BY line_no", fileId)).ToDictionary(r => Long(r[0]), r => (string?)r[1]);
        var dead = (await RowsAsync(db, "SELECT line_no, reason, detail, raw_length, raw_sha256 FROM dead_letters WHERE file_id = $path ORDER BY line_no", fileId)).ToDictionary(r => Long(r[0]));
        Check(records.Count + dead.Count == lines.Count, $"{records.Count} records + {dead.Count} dead letters for {lines.Count} lines");
        foreach (var (line, (bytes, reason)) in lines.Zip(written))
        {
            if (reason is null)
            {
                Check(records.TryGetValue(line.Number, out var raw) && raw == Encoding.UTF8.GetString(bytes), $"line {line.Number}: no record, or its raw JSON is not the line");
                continue;
            }
            if (!dead.TryGetValue(line.Number, out var letter))
            {
                problems.Add($"{relative}: line {line.Number}: no dead letter (expected {reason})");
                continue;
            }
            Check((string)letter[1]! == reason, $"line {line.Number}: reason {letter[1]}, expected {reason}");
            Check(!string.IsNullOrWhiteSpace((string?)letter[2]), $"line {line.Number}: no detail");
            Check(Long(letter[3]) == bytes.Length, $"line {line.Number}: raw_length {letter[3]}, the line has {bytes.Length} bytes");
            Check((string)letter[4]! == Convert.ToHexStringLower(SHA256.HashData(bytes)), $"line {line.Number}: raw_sha256 is not the line's");
        }
        return problems;
    }

    /// <summary>A broken document: one dead letter at line 1 with its reason, the whole file's length and SHA-256, no record.</summary>
    private static async Task<List<string>> CheckDocumentAsync(string db, string relative, byte[] bytes, string reason)
    {
        var rows = await RowsAsync(db, """
            SELECT d.line_no, d.reason, d.detail, d.raw_length, d.raw_sha256, (SELECT count(*) FROM records r WHERE r.file_id = f.file_id)
            FROM files f LEFT JOIN dead_letters d USING (file_id) WHERE f.relative_path = $path
            """, relative);
        if (rows.Count != 1 || rows[0][0] is null) return [$"{relative}: {rows.Count} dead letters, expected one"];
        var row = rows[0];
        var problems = new List<string>();
        if (Long(row[0]) != 1) problems.Add($"{relative}: dead letter at line {row[0]}");
        if ((string)row[1]! != reason) problems.Add($"{relative}: reason {row[1]}, expected {reason}");
        if (string.IsNullOrWhiteSpace((string?)row[2])) problems.Add($"{relative}: no detail");
        if (Long(row[3]) != bytes.Length || (string)row[4]! != Convert.ToHexStringLower(SHA256.HashData(bytes))) problems.Add($"{relative}: length or SHA-256 is not the file's");
        if (Long(row[5]) != 0) problems.Add($"{relative}: {row[5]} records from a document that does not parse");
        return problems;
    }

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static Task<List<object?[]>> RowsAsync(string db, string sql, string path) =>
        WarehouseProbe.RowsAsync(db, sql, new Dictionary<string, object?> { ["path"] = path });
}
