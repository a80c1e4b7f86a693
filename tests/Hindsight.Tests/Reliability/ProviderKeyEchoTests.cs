using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// A hostile provider that echoes its own key back, whole, in pieces, split across lines, as an item id, added to a
/// corrected text and inside its error messages: neither the key nor any 8-character piece of it reaches a table
/// (only records.raw keeps the prompt the key was pasted into), the console, the manifest or a request.
/// </summary>
public sealed partial class ProviderKeyEchoTests
{
    /// <summary>32 characters of no known token shape (no secret rule knows it); marked FAKE.</summary>
    private const string Key = "Qm7FAKEz0v3kXy9w2Lp4Rt6Wn8Bc1Hd5";

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_provider_echoing_its_key_altered_leaves_no_piece_of_it_in_any_table_output_or_manifest()
    {
        using var dir = new TempDirectory();
        const string session = "66666666-6666-4666-8666-666666666666";
        var prompts = new List<string>
        {
            TranscriptLines.User("p0", $"teh local server key is {Key} dont loose it", session),
        };
        for (var i = 1; i <= 15; i++) prompts.Add(TranscriptLines.User($"p{i}", $"pleese fix teh bug number {i} in the parser, it is realy broken", session));
        dir.Write($"projects/-home-dev-echo/{session}.jsonl", TranscriptLines.Jsonl([.. prompts]));
        var db = dir.Combine("h.duckdb");
        var manifest = dir.Combine("manifest.json");
        await using var server = new ScriptedProviderServer(Echo);
        var env = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = Key };

        var outputs = new List<CliResult>
        {
            await HindsightProcess.RunAsync(env, "run", "--source", dir.Combine("projects"), "--db", db, "--manifest", manifest, "--provider", "openai",
                "--base-url", server.BaseUrl.ToString(), "--model", "scripted-model", "--prompts-per-batch", "2", "--timeout", "5"),
        };
        outputs.Add(await HindsightProcess.RunAsync(env, "runs", "--db", db, "--json"));
        outputs.Add(await HindsightProcess.RunAsync(env, "runs", "--db", db));
        outputs.Add(await HindsightProcess.RunAsync(env, "query", "--db", db, "SELECT status, reason, corrected_text FROM corrections"));

        Assert.True(outputs[0].ExitCode is 0 or 1, outputs[0].ToString());
        Assert.True(server.Requests >= 4, $"only {server.Requests} requests reached the hostile server");
        Assert.True(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections") > 0, "no correction was stored");
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM records WHERE contains(raw, '{Key}')"));

        var leaks = new List<string>();
        foreach (var (output, index) in outputs.Select((o, i) => (o, i)))
        {
            if (Echoes(output.Output) || Echoes(output.Error)) leaks.Add($"the output of command {index}");
        }
        if (Echoes(await File.ReadAllTextAsync(manifest, TestContext.Current.CancellationToken))) leaks.Add("the manifest");
        leaks.AddRange(server.Bodies.Where(Echoes).Select(_ => "a request sent to the provider"));
        var pattern = new Dictionary<string, object?> { ["pattern"] = "(?i)" + string.Join('|', Pieces().Select(Regex.Escape)) };
        var tables = (await WarehouseProbe.RowsAsync(db, "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1")).Select(r => (string)r[0]!).ToList();
        foreach (var table in tables)
        {
            Assert.Matches("^[a-z_0-9]+$", table);
            var rows = table == "records" ? "(SELECT * EXCLUDE (raw) FROM records)" : table;
            var count = (long)(await WarehouseProbe.RowsAsync(db,
                $"SELECT count(*) FROM {rows} t WHERE regexp_matches(regexp_replace(CAST(t AS VARCHAR), '\\s|\\\\n', '', 'g'), $pattern)", pattern))[0][0]!;
            if (count > 0) leaks.Add($"{count} rows of {table}");
        }

        Assert.True(leaks.Count == 0, "a piece of the provider key was found in:\n" + string.Join("\n", leaks));
        Assert.True(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE contains(corrected_text || coalesce(reason, ''), '[redacted]')") > 0,
            "no echo was caught: the hostile server's answers did not reach the results");
    }

    /// <summary>Each request gets another kind of echo: in corrected texts, as an item id, in a 400 error and in a 500 error.</summary>
    private static ScriptedAnswer Echo(int request, JsonArray items)
    {
        switch (request % 4)
        {
            case 0:
                var corrections = new JsonArray();
                foreach (var (item, i) in items.Select((item, i) => (item!, i)))
                {
                    var text = item["text"]!.GetValue<string>().Replace("teh", "the", StringComparison.Ordinal);
                    var echo = (i % 4) switch
                    {
                        0 => " " + Key,
                        1 => " " + Key[..16] + "\n" + Key[16..],
                        2 => " " + Key[2..30],
                        _ => " " + Key[..12].ToUpperInvariant() + " " + Key[12..24],
                    };
                    corrections.Add(new JsonObject { ["id"] = item["id"]!.GetValue<string>(), ["corrected"] = text + echo });
                }
                return new ScriptedAnswer(200, new JsonObject { ["corrections"] = corrections }.ToJsonString());
            case 1:
                return new ScriptedAnswer(200, new JsonObject
                {
                    ["corrections"] = new JsonArray(items.Select((item, i) => (JsonNode)new JsonObject
                    {
                        ["id"] = i == 0 ? Key : item!["id"]!.GetValue<string>(), ["corrected"] = item!["text"]!.GetValue<string>(),
                    }).ToArray()),
                }.ToJsonString());
            case 2:
                return new ScriptedAnswer(400, new JsonObject
                {
                    ["error"] = new JsonObject { ["message"] = $"Incorrect API key provided: {Key[2..30]}. You can find your API key in your account.", ["type"] = "invalid_request_error" },
                }.ToJsonString());
            default:
                return new ScriptedAnswer(500, new JsonObject
                {
                    ["error"] = new JsonObject { ["message"] = $"upstream failed for key {Key[..10]}\n{Key[10..]}", ["type"] = "server_error" },
                }.ToJsonString());
        }
    }

    private static IEnumerable<string> Pieces() => Enumerable.Range(0, Key.Length - 7).Select(i => Key.Substring(i, 8));

    private static bool Echoes(string text)
    {
        var joined = Separators().Replace(text, "");
        return Pieces().Any(piece => joined.Contains(piece, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"\s|\\n")]
    private static partial Regex Separators();
}
