using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// The hostile-input corpus (tests/fixtures/hostile and <see cref="HostileCorpus"/>): every line of every
/// case is checked against bytes the pipeline never touched: a record exactly where a good line is, with
/// the line as its raw JSON; a dead letter exactly where a bad line is, with its reason, detail, length,
/// hash and prefix; nothing anywhere else.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class HostileInputTests
{
    private static readonly string[] AnyBadReason = ["invalid_utf8", "invalid_json", "not_an_object", "missing_type"];

    [Fact]
    public async Task Every_hostile_line_becomes_a_record_or_a_dead_letter_with_its_reason_and_the_run_says_what_happened()
    {
        using var dir = new TempDirectory();
        var corpus = HostileCorpus.Create(dir);
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("run", "--source", corpus.Projects, "--db", db, "--provider", "none");

        Assert.True(result.ExitCode == 0, result.ToString());
        var failures = new List<string>();
        var committed = HostileCorpus.CommittedCases.Select(c => c!.AsObject()).ToList();
        foreach (var expected in committed) failures.AddRange(await CheckCaseAsync(db, corpus, expected));
        foreach (var expected in GeneratedCases(corpus)) failures.AddRange(await CheckCaseAsync(db, corpus, expected));
        Assert.True(failures.Count == 0, "hostile cases that went wrong:\n" + string.Join("\n", failures));
        Assert.True(committed.Count >= 28, "the committed hostile fixtures are fewer than expected");

        var huge = await Rows(db, """
            SELECT d.raw_length, d.raw_sha256, octet_length(d.raw_prefix), d.detail FROM dead_letters d JOIN files f USING (file_id)
            WHERE f.relative_path = $path AND d.line_no = 2
            """, ("path", $"{HostileCorpus.Project}/g1-line-of-100-mb.jsonl"));
        Assert.Equal(corpus.HugeLine.Length, (long)huge.Single()[0]!);
        Assert.Equal(corpus.HugeLine.Sha256, (string)huge.Single()[1]!);
        Assert.Equal(64L * 1024, Convert.ToInt64(huge.Single()[2], CultureInfo.InvariantCulture));
        var deep = await Rows(db, "SELECT d.detail FROM dead_letters d JOIN files f USING (file_id) WHERE f.relative_path = $path",
            ("path", $"{HostileCorpus.Project}/g2-nesting-10000-deep.jsonl"));
        Assert.All(deep, row => Assert.Contains("depth", (string)row[0]!, StringComparison.Ordinal));
        Assert.Equal(5000L, await Scalar(db, "SELECT count(*) FROM content_blocks b JOIN files f USING (file_id) WHERE f.relative_path = $path AND b.line_no = 2",
            ("path", $"{HostileCorpus.Project}/g6-5000-blocks.jsonl")));
        Assert.Equal(2L * 1024 * 1024, await Scalar(db, "SELECT length(b.text) FROM content_blocks b JOIN files f USING (file_id) WHERE f.relative_path = $path AND b.line_no = 2",
            ("path", $"{HostileCorpus.Project}/g5-line-of-2-mb.jsonl")));

        // A line of 100,000 distinct keys does not blow the file's profile (and the manifest) up.
        Assert.True(await Scalar(db, "SELECT length(profile_json) FROM files WHERE relative_path = $path", ("path", $"{HostileCorpus.Project}/g7-100000-keys.jsonl")) < 256 * 1024,
            "the profile of a line with 100,000 keys is not bounded");

        // What happened is said: every stage ran, and the dead letters are counted by reason in the summary and the run's metrics.
        Assert.Equal(0L, await Scalar(db, "SELECT count(*) FROM run_stages WHERE status <> 'succeeded'"));
        long deadLetters = await Scalar(db, "SELECT count(*) FROM dead_letters");
        Assert.Contains($"{deadLetters.ToString("N0", CultureInfo.InvariantCulture)} dead letters", result.Output, StringComparison.Ordinal);
        Assert.Contains("CAUTION", result.Output, StringComparison.Ordinal);
        var extraction = JsonNode.Parse((string)(await Rows(db, "SELECT metrics_json FROM run_stages WHERE stage = 1")).Single()[0]!)!;
        var byReason = await Rows(db, "SELECT reason, count(*) FROM dead_letters GROUP BY 1");
        foreach (var row in byReason)
            Assert.Equal((long)row[1]!, extraction["dead_letter_reasons"]![(string)row[0]!]!.GetValue<long>());
        Assert.Equal(2L, extraction["partial_tails"]!.GetValue<long>() - GeneratedPartialTails(corpus));
    }

    /// <summary>
    /// The generated cases in the format of expected.json; for random bytes and gzip the expectation is
    /// computed from the bytes: every complete, non-blank line a dead letter of some bad-line reason.
    /// </summary>
    private static IEnumerable<JsonObject> GeneratedCases(HostileCorpus corpus)
    {
        yield return Case("g1-line-of-100-mb.jsonl", [1, 3], new() { ["2"] = "line_too_long" });
        yield return Case("g2-nesting-10000-deep.jsonl", [1, 4], new() { ["2"] = "invalid_json", ["3"] = "invalid_json" });
        foreach (var binary in new[] { "g3-random-bytes.jsonl", "g4-gzip.jsonl" })
        {
            var (lines, tail) = HostileLines.Split(File.ReadAllBytes(corpus.PathOf(binary)));
            var dead = new JsonObject();
            foreach (var line in lines.Where(l => !HostileLines.IsBlank(l.Bytes))) dead[line.Number.ToString(CultureInfo.InvariantCulture)] = "*";
            yield return Case(binary, [], dead, lines.Count(l => HostileLines.IsBlank(l.Bytes)), tail);
        }
        yield return Case("g5-line-of-2-mb.jsonl", [1, 2, 3], []);
        yield return Case("g6-5000-blocks.jsonl", [1, 2, 3], [], blocks: new() { ["2"] = "block 0" });
        yield return Case("g7-100000-keys.jsonl", [1, 2, 3], []);
    }

    private static long GeneratedPartialTails(HostileCorpus corpus) =>
        new[] { "g3-random-bytes.jsonl", "g4-gzip.jsonl" }.Count(f => HostileLines.Split(File.ReadAllBytes(corpus.PathOf(f))).PartialTailBytes > 0);

    private static JsonObject Case(string file, long[] records, JsonObject dead, long blank = 0, long tail = 0, JsonObject? blocks = null) => new()
    {
        ["file"] = file,
        ["records"] = new JsonArray(records.Select(r => (JsonNode?)r).ToArray()),
        ["dead_letters"] = dead,
        ["blank_lines"] = blank,
        ["partial_tail_bytes"] = tail,
        ["block_texts"] = blocks,
    };

    /// <summary>Checks one case against its file's bytes and the warehouse; returns what is wrong.</summary>
    private static async Task<List<string>> CheckCaseAsync(string db, HostileCorpus corpus, JsonObject expected)
    {
        var file = expected["file"]!.GetValue<string>();
        var problems = new List<string>();
        void Check(bool ok, string what)
        {
            if (!ok) problems.Add($"{file}: {what}");
        }

        var (lines, tail) = HostileLines.Split(File.ReadAllBytes(corpus.PathOf(file)));
        var byNumber = lines.ToDictionary(l => l.Number);
        var stored = await Rows(db, "SELECT file_id, ingested_lines, partial_tail_bytes FROM files WHERE relative_path = $path", ("path", $"{HostileCorpus.Project}/{file}"));
        if (stored.Count != 1) return [$"{file}: {stored.Count} rows in files"];
        var fileId = (string)stored[0][0]!;
        Check((long)stored[0][1]! == lines.Count, $"{stored[0][1]} lines ingested, the file has {lines.Count} complete lines");
        Check((long)stored[0][2]! == expected["partial_tail_bytes"]!.GetValue<long>() && tail == expected["partial_tail_bytes"]!.GetValue<long>(),
            $"partial tail {stored[0][2]} bytes stored, {tail} in the file, {expected["partial_tail_bytes"]} expected");
        Check(lines.Count(l => HostileLines.IsBlank(l.Bytes)) == expected["blank_lines"]!.GetValue<long>(), "blank lines differ from the expectation");

        var records = await Rows(db, "SELECT line_no, raw FROM records WHERE file_id = $f ORDER BY line_no", ("f", fileId));
        var expectedRecords = expected["records"]!.AsArray().Select(n => n!.GetValue<long>()).ToList();
        Check(records.Select(r => (long)r[0]!).SequenceEqual(expectedRecords),
            $"records at lines [{string.Join(",", records.Select(r => r[0]))}], expected [{string.Join(",", expectedRecords)}]");
        foreach (var record in records.Where(r => byNumber.ContainsKey((long)r[0]!)))
            Check((string)record[1]! == Encoding.UTF8.GetString(byNumber[(long)record[0]!].Bytes), $"line {record[0]}: raw differs from the line");

        var dead = await Rows(db, "SELECT line_no, reason, detail, hex(raw_prefix), raw_length, raw_sha256 FROM dead_letters WHERE file_id = $f ORDER BY line_no", ("f", fileId));
        var expectedDead = expected["dead_letters"]!.AsObject().ToDictionary(p => long.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value!.GetValue<string>());
        Check(dead.Select(d => (long)d[0]!).SequenceEqual(expectedDead.Keys.Order()),
            $"dead letters at lines [{string.Join(",", dead.Select(d => d[0]))}], expected [{string.Join(",", expectedDead.Keys.Order())}]");
        foreach (var letter in dead)
        {
            long number = (long)letter[0]!;
            var reason = (string)letter[1]!;
            if (expectedDead.TryGetValue(number, out var want))
                Check(want == "*" ? AnyBadReason.Contains(reason) : reason == want, $"line {number}: reason {reason}, expected {want}");
            Check(!string.IsNullOrWhiteSpace((string?)letter[2]), $"line {number}: no detail");
            if (!byNumber.TryGetValue(number, out var line) || line.Bytes.Length > 1024 * 1024) continue;
            Check((long)letter[4]! == line.Bytes.Length, $"line {number}: raw_length {letter[4]}, the line has {line.Bytes.Length} bytes");
            Check((string)letter[5]! == Convert.ToHexStringLower(SHA256.HashData(line.Bytes)), $"line {number}: raw_sha256 is not the line's");
            Check((string)letter[3]! == Convert.ToHexString(line.Bytes.AsSpan(0, Math.Min(line.Bytes.Length, 64 * 1024))), $"line {number}: raw_prefix is not the line's start");
        }

        foreach (var (lineKey, columns) in expected["columns"]?.AsObject() ?? [])
        {
            foreach (var (column, value) in columns!.AsObject())
            {
                Assert.Matches(ColumnName(), column);
                var select = column == "timestamp" ? "strftime(make_timestamp(epoch_us(\"timestamp\")), '%Y-%m-%d %H:%M:%S')" : column;
                var actual = await Rows(db, $"SELECT {select} FROM records WHERE file_id = $f AND line_no = $l",
                    ("f", fileId), ("l", long.Parse(lineKey, CultureInfo.InvariantCulture)));
                Check(actual.Count == 1 && Same(value, actual[0][0]), $"line {lineKey}: {column} = {(actual.Count == 1 ? actual[0][0] ?? "null" : "no record")}, expected {value?.ToJsonString() ?? "null"}");
            }
        }
        foreach (var (lineKey, text) in expected["block_texts"]?.AsObject() ?? [])
        {
            var first = await Rows(db, "SELECT text FROM content_blocks WHERE file_id = $f AND line_no = $l ORDER BY block_index LIMIT 1",
                ("f", fileId), ("l", long.Parse(lineKey, CultureInfo.InvariantCulture)));
            if (text is null) Check(first.Count == 0, $"line {lineKey}: has content blocks, expected none");
            else Check(first.Count == 1 && (string?)first[0][0] == text.GetValue<string>(), $"line {lineKey}: first block text [{(first.Count == 1 ? first[0][0] : "none")}], expected [{text}]");
        }
        return problems;
    }

    private static bool Same(JsonNode? expected, object? actual) => expected switch
    {
        null => actual is null,
        JsonValue v when v.TryGetValue<string>(out var s) => actual is string a && a == s,
        JsonValue v when v.TryGetValue<bool>(out var b) => actual is bool a && a == b,
        JsonValue v => actual is not null and not string and not bool && Convert.ToDouble(actual, CultureInfo.InvariantCulture) == v.GetValue<double>(),
        _ => false,
    };

    private static Task<List<object?[]>> Rows(string db, string sql, params (string Name, object? Value)[] parameters) =>
        WarehouseProbe.RowsAsync(db, sql, parameters.ToDictionary(p => p.Name, p => p.Value));

    private static async Task<long> Scalar(string db, string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64((await Rows(db, sql, parameters)).Single()[0], CultureInfo.InvariantCulture);

    /// <summary>Column names in expected.json are spliced into SQL, so only plain identifiers pass.</summary>
    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex ColumnName();
}
