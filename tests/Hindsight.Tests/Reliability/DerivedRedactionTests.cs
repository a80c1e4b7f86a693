using System.Text.Json;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// Every secret shape of tests/fixtures/secrets (127 examples of 76 rules), typed in prompts, passed to tools, printed
/// by them, written by the assistant and thought in thinking blocks, is kept only in records.raw: no other table (content
/// blocks, dead letters, messages, corrections, the staged table) holds any of them after a run. Rows written under
/// older rules are redacted again when the rules change.
/// </summary>
public sealed class DerivedRedactionTests
{
    private const string Session = "88888888-8888-4888-8888-888888888888";

    [Fact]
    public async Task Every_secret_shape_written_anywhere_in_a_transcript_stays_only_in_the_raw_archive()
    {
        using var dir = new TempDirectory();
        var shapes = Shapes();
        var lines = new List<string>();
        foreach (var (shape, i) in shapes.Select((s, i) => (s, i)))
        {
            var text = $"pleese look at this: {shape.Text} thanks";
            lines.Add((i % 5) switch
            {
                0 => User($"u{i}", text),
                1 => Assistant($"a{i}", new { type = "tool_use", id = $"toolu_{i}", name = "Bash", input = new { command = text, description = "run it" } }),
                2 => Blocks("user", $"r{i}", new { type = "tool_result", tool_use_id = $"toolu_{i}", content = text }),
                3 => Assistant($"t{i}", new { type = "text", text }),
                _ => Assistant($"k{i}", new { type = "thinking", thinking = text, signature = "sig" }),
            });
        }
        lines.Add("""{"type":"user","uuid":"broken","message":{"role":"user","content":"cut off with """ + JsonEncodedText.Encode(shapes[0].Text) + " and then");
        lines.AddRange(Enumerable.Range(0, 3).Select(i => User($"fine{i}", "a clean prompt")));
        dir.Write($"projects/-home-dev-shapes/{Session}.jsonl", string.Join("\n", lines) + "\n");
        // Two clean sessions beside it, so that its deliberately broken line stays under discovery's NO-GO threshold.
        foreach (var clean in new[] { "99999999-9999-4999-8999-999999999991", "99999999-9999-4999-8999-999999999992" })
            dir.Write($"projects/-home-dev-clean/{clean}.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("c-" + clean[^4..], "fine", clean)));
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stage1 = result.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 1)!;
        Assert.True(stage1["metrics"]!["secrets_redacted"]!.GetValue<long>() >= shapes.Count, stage1.ToJsonString());
        var leaks = await LeaksAsync(db, shapes.Select(s => s.Secret));
        Assert.True(leaks.Count == 0, "secrets outside records.raw:\n" + string.Join("\n", leaks));
        Assert.Equal(shapes.Count, await CountAsync(db, "SELECT count(*) FROM records WHERE contains(raw, 'pleese look at this')"));
        // Tool inputs stay JSON after redaction.
        Assert.Equal(0L, await CountAsync(db, "SELECT count(*) FROM content_blocks WHERE tool_input IS NOT NULL AND json_valid(tool_input) IS NOT TRUE"));
    }

    [Fact]
    public async Task Rows_stored_under_older_rules_are_redacted_again_when_the_rules_change()
    {
        using var dir = new TempDirectory();
        dir.Write($"projects/-home-dev-old/{Session}.jsonl", TranscriptLines.Jsonl(
            User("o1", "pleese deploy teh shop"), User("o2", "and check teh logs")));
        var db = dir.Combine("h.duckdb");
        var first = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(first.ExitCode == 0, first.ToString());
        // What a release with fewer rules would have left behind: a secret in derived rows, and another rules version.
        const string secret = "ghp_FAKEolderrules0123456789abcdefghijklmn";
        await using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                UPDATE content_blocks SET text = 'use {secret} now' WHERE text LIKE '%deploy%';
                UPDATE messages SET text = 'use {secret} now' WHERE text LIKE '%deploy%';
                UPDATE corrections SET original_text = 'use {secret} now', corrected_text = 'use {secret} now' WHERE original_text LIKE '%deploy%';
                UPDATE stage_state SET input_signature = 'an older rules version' WHERE stage = 11;
                """;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(1L, await CountAsync(db, $"SELECT count(*) FROM messages WHERE contains(text, '{secret}')"));

        var second = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet", "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        var stage1 = second.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 1)!;
        Assert.Equal(3L, stage1["metrics"]!["rows_redacted_again"]!.GetValue<long>());
        Assert.Empty(await LeaksAsync(db, [secret]));
        Assert.Equal(1L, await CountAsync(db, "SELECT count(*) FROM messages WHERE contains(text, 'use ⟦redacted:github-token⟧ now')"));
    }

    private static async Task<List<string>> LeaksAsync(string db, IEnumerable<string> secrets)
    {
        var leaks = new List<string>();
        var tables = (await WarehouseProbe.RowsAsync(db, "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1")).Select(r => (string)r[0]!).ToList();
        foreach (var table in tables)
        {
            Assert.Matches("^[a-z_0-9]+$", table);
            var rows = table == "records" ? "(SELECT * EXCLUDE (raw) FROM records)" : table;
            // The rows as text, searched here: one query per table (the test's warehouse is small).
            var texts = (await WarehouseProbe.RowsAsync(db, $"SELECT CAST(t AS VARCHAR) FROM {rows} t")).Select(r => (string)r[0]!).ToList();
            foreach (var secret in secrets)
            {
                // The JSON of a tool input escapes a line break as \n: the secret is searched both ways.
                var escaped = JsonEncodedText.Encode(secret).ToString();
                var count = texts.Count(t => t.Contains(secret, StringComparison.Ordinal) || t.Contains(escaped, StringComparison.Ordinal));
                if (count > 0) leaks.Add($"{table}: {secret[..Math.Min(12, secret.Length)]}… in {count} rows");
            }
        }
        return leaks;
    }

    private static async Task<long> CountAsync(string db, string sql) => (long)(await WarehouseProbe.RowsAsync(db, sql))[0][0]!;

    private static List<Shape> Shapes()
    {
        var path = Path.Combine(RepositoryPaths.Fixtures, "secrets", "secret-shapes.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("positives").EnumerateArray()
            .Select(p => new Shape(p.GetProperty("text").GetString()!, p.GetProperty("secret").GetString()!)).ToList();
    }

    private static string User(string uuid, string text) => JsonSerializer.Serialize(new
    {
        parentUuid = (string?)null, isSidechain = false, userType = "external", cwd = "/home/dev/shapes", sessionId = Session, version = "2.1.20",
        type = "user", message = new { role = "user", content = text }, uuid, timestamp = "2026-02-03T10:00:00.000Z",
    });

    private static string Assistant(string uuid, object block) => Blocks("assistant", uuid, block);

    private static string Blocks(string type, string uuid, object block) => JsonSerializer.Serialize(new
    {
        parentUuid = (string?)null, isSidechain = false, userType = "external", cwd = "/home/dev/shapes", sessionId = Session, version = "2.1.20",
        type, message = new { id = "msg_" + uuid, role = type, model = "claude-sonnet-4-5-20250929", content = new[] { block }, usage = new { input_tokens = 5, output_tokens = 7 } },
        requestId = "req_" + uuid, uuid, timestamp = "2026-02-03T10:00:01.000Z",
    });

    private sealed record Shape(string Text, string Secret);
}
