using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>
/// `hindsight search`: the index stage 6 keeps beside the warehouse finds what an independent scan of the same texts
/// finds, ranks the planted best match first, follows appends, re-runs, forget and a lost watermark, and --reindex
/// rebuilds the same results; a malformed query is a usage error.
/// </summary>
public sealed class SearchCommandTests
{
    private const string ShopSession = "11111111-1111-4111-8111-111111111111";
    private const string SampleSession = "22222222-2222-4222-8222-222222222222";

    private static string[] Run(string source, string db) => ["run", "--source", source, "--db", db, "--provider", "none", "--quiet"];

    private static async Task<CliResult> SearchAsync(string db, params string[] args) =>
        await HindsightCli.RunAsync(["search", .. args, "--db", db, "--json", "--limit", "1000"]);

    /// <summary>The hits of a search as "file:line:block" keys, in rank order.</summary>
    private static async Task<List<string>> HitsAsync(string db, params string[] args)
    {
        var result = await SearchAsync(db, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json["hits"]!.AsArray().Select(h => $"{h!["file_id"]}:{h["line_no"]}:{h["block_index"]?.ToString() ?? "-1"}").ToList();
    }

    private static void Session(TempDirectory dir, string root, string project, string session, string word, params string[] prompts)
    {
        var lines = new List<string>();
        string? parent = null;
        for (int i = 0; i < prompts.Length; i++)
        {
            lines.Add(TranscriptLines.User($"{word}-u{i}", prompts[i], session, parent));
            lines.Add(TranscriptLines.Assistant($"{word}-a{i}", $"msg_{word}{i}", $"req_{word}{i}", TranscriptLines.Text($"done with {word} step {i}"), session: session));
            parent = $"{word}-a{i}";
        }
        dir.Write($"{root}/{project}/{session}.jsonl", TranscriptLines.Jsonl([.. lines]));
    }

    [Fact]
    public async Task Exact_phrase_results_on_the_fixtures_equal_an_independent_scan_of_the_same_texts()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync(Run(RepositoryPaths.FixtureProjects, db));
        Assert.True(run.ExitCode is 0 or 4, run.ToString());
        // The texts a person searches, read straight from the warehouse: what was typed and written, and the head of each tool result.
        var texts = (await WarehouseProbe.RowsAsync(db, """
            SELECT m.file_id, m.line_no, coalesce(m.block_index, b.block_index, -1),
                   CASE WHEN m.kind = 'tool_result' THEN left(b.text, 2048) ELSE m.text END
            FROM messages m
            LEFT JOIN content_blocks b ON m.kind = 'tool_result' AND b.block_type = 'tool_result' AND b.file_id = m.file_id AND b.line_no = m.line_no
            WHERE NOT m.is_duplicate AND m.kind IN ('human_prompt', 'slash_command', 'steering', 'human_tool_feedback', 'human_answer', 'assistant_text', 'tool_result')
            """)).Where(r => r[3] is string { Length: > 0 }).Select(r => (Key: $"{r[0]}:{r[1]}:{r[2]}", Text: (string)r[3]!)).ToList();
        // Phrases taken from the prompts themselves: two words of letters written with one space between them.
        var phrases = texts.SelectMany(t => Regex.Matches(t.Text, @"(?<![\p{L}\p{N}_.'’:])([a-z]{4,}) ([a-z]{4,})(?![\p{L}\p{N}_]|[.'’:][\p{L}\p{N}])").Select(m => m.Value))
            .Distinct(StringComparer.OrdinalIgnoreCase).Where((_, i) => i % 7 == 0).Take(12).ToList();
        Assert.True(phrases.Count >= 5, $"only {phrases.Count} phrases found in the fixtures");

        foreach (var phrase in phrases)
        {
            var words = phrase.Split(' ');
            var pattern = new Regex($@"(?<![\p{{L}}\p{{N}}_])(?<![\p{{L}}\p{{N}}][.'’:]){words[0]}[^\p{{L}}\p{{N}}_]*\s[^\p{{L}}\p{{N}}_]*{words[1]}(?![\p{{L}}\p{{N}}_]|[.'’:][\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase);
            var scanned = texts.Where(t => pattern.IsMatch(t.Text)).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
            var found = (await HitsAsync(db, $"\"{phrase}\"")).Order(StringComparer.Ordinal).ToList();
            Assert.True(scanned.Count > 0, phrase);
            Assert.Equal(scanned, found);
        }
    }

    [Fact]
    public async Task The_planted_best_match_ranks_first_with_its_session_project_time_and_a_highlighted_snippet()
    {
        using var dir = new TempDirectory();
        Session(dir, "src", "-home-ana-shop", ShopSession, "shop",
            "please look at the checkout page, the zebra icon is off by a pixel and the rest of the layout seems fine to me",
            "the zebra crossing widget fails: zebra crossing tests time out");
        Session(dir, "src", "-home-ana-docs", SampleSession, "docs",
            "write a note about the crossing guard in the docs, and mention that the guard is optional for small teams");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir.Combine("src"), db))).ExitCode);

        var result = await SearchAsync(db, "zebra crossing");
        var either = await SearchAsync(db, "zebra OR crossing");

        Assert.True(result.ExitCode == 0, result.ToString());
        var hits = result.Json["hits"]!.AsArray();
        Assert.Single(hits);
        var best = hits[0]!;
        Assert.Equal("human_prompt", best["kind"]!.GetValue<string>());
        Assert.Equal("-home-ana-shop", best["project"]!.GetValue<string>());
        Assert.Equal(ShopSession, best["session_id"]!.GetValue<string>());
        Assert.NotNull(best["time"]);
        var snippet = best["snippet"]!.GetValue<string>();
        var marked = best["matches"]!.AsArray().Select(m => snippet.Substring(m!["start"]!.GetValue<int>(), m["length"]!.GetValue<int>()).ToLowerInvariant()).ToList();
        Assert.Equal(["zebra", "crossing", "zebra", "crossing"], marked);
        var ranked = either.Json["hits"]!.AsArray();
        Assert.Equal(3, ranked.Count);
        Assert.Contains("zebra crossing widget", ranked[0]!["snippet"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_appended_session_is_found_after_the_next_run_and_a_re_run_changes_nothing()
    {
        using var dir = new TempDirectory();
        Session(dir, "src", "-home-ana-shop", ShopSession, "shop", "fix the basket total");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir.Combine("src"), db))).ExitCode);
        Assert.Empty(await HitsAsync(db, "pelican"));

        Session(dir, "src", "-home-ana-shop", SampleSession, "later", "the pelican importer drops rows");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir.Combine("src"), db))).ExitCode);
        var afterAppend = await HitsAsync(db, "pelican");
        var everything = await HitsAsync(db, "the");
        var indexFiles = IndexFiles(db);
        var rerun = await HindsightCli.RunAsync(["run", "--source", dir.Combine("src"), "--db", db, "--provider", "none", "--json"]);

        Assert.Single(afterAppend);
        Assert.Equal(0, rerun.ExitCode);
        var stage = rerun.Json["stages"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "search_index")!;
        Assert.Equal(0, stage["metrics"]!["files_indexed"]!.GetValue<long>());
        Assert.Equal(indexFiles, IndexFiles(db));
        Assert.Equal(everything, await HitsAsync(db, "the"));
    }

    [Fact]
    public async Task An_index_folder_removed_or_replaced_between_runs_is_built_again_by_the_next_run_even_when_no_transcript_changed()
    {
        using var dir = new TempDirectory();
        Session(dir, "src", "-home-ana-shop", ShopSession, "shop", "the pelican importer drops rows");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir.Combine("src"), db))).ExitCode);
        var hits = await HitsAsync(db, "pelican");
        var folder = Hindsight.Search.SearchIndexLocation.ForDatabase(db);

        Directory.Delete(folder, recursive: true);
        var afterRemoval = await HindsightCli.RunAsync(["run", "--source", dir.Combine("src"), "--db", db, "--provider", "none", "--json"]);
        var rebuiltHits = await HitsAsync(db, "pelican");
        // Another warehouse's index in its place (one commit each, so its segments file has the same name) is not the
        // one this warehouse recorded either.
        Session(dir, "other", "-home-ana-sample", SampleSession, "sample", "the narwhal report is slow");
        var other = dir.Combine("other.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir.Combine("other"), other))).ExitCode);
        Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Hindsight.Search.SearchIndexLocation.ForDatabase(other))) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var afterReplacement = await HindsightCli.RunAsync(["run", "--source", dir.Combine("src"), "--db", db, "--provider", "none", "--json"]);

        Assert.Single(hits);
        Assert.Equal(0, afterRemoval.ExitCode);
        Assert.True(SearchStage(afterRemoval)["metrics"]!["rebuilt"]!.GetValue<bool>(), afterRemoval.ToString());
        Assert.Equal(hits, rebuiltHits);
        Assert.Equal(0, afterReplacement.ExitCode);
        Assert.True(SearchStage(afterReplacement)["metrics"]!["rebuilt"]!.GetValue<bool>(), afterReplacement.ToString());
        Assert.Equal(hits, await HitsAsync(db, "pelican"));
    }

    private static System.Text.Json.Nodes.JsonNode SearchStage(CliResult run) =>
        run.Json["stages"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "search_index")!;

    [Fact]
    public async Task Forget_removes_the_sources_documents_and_keeps_the_others()
    {
        using var dir = new TempDirectory();
        Session(dir, "real", "-home-ana-shop", ShopSession, "shop", "the walrus report is slow");
        Session(dir, "synthetic", "-home-ana-sample", SampleSession, "sample", "the narwhal report is slow");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir.Combine("real"), db))).ExitCode);
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir.Combine("synthetic"), db))).ExitCode);
        Assert.Single(await HitsAsync(db, "narwhal"));
        Assert.Equal(2, (await HitsAsync(db, "report")).Count);

        var forget = await HindsightCli.RunAsync("forget", dir.Combine("synthetic"), "--db", db, "--yes", "--quiet");

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.Empty(await HitsAsync(db, "narwhal"));
        Assert.Single(await HitsAsync(db, "walrus"));
        Assert.Single(await HitsAsync(db, "report"));
    }

    [Fact]
    public async Task Reindex_rebuilds_an_identical_result_set_and_a_lost_watermark_adds_no_document_twice()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync(Run(RepositoryPaths.FixtureProjects, db));
        Assert.True(run.ExitCode is 0 or 4, run.ToString());
        string[] queries = ["test", "\"the test\"", "fix*", "error OR failed"];
        var before = new List<JsonNode>();
        foreach (var query in queries) before.Add(Comparable(await SearchAsync(db, query)));

        var reindex = await HindsightCli.RunAsync("search", "--reindex", "--db", db);
        Assert.True(reindex.ExitCode == 0, reindex.ToString());
        for (int i = 0; i < queries.Length; i++) Assert.Equal(before[i].ToJsonString(), Comparable(await SearchAsync(db, queries[i])).ToJsonString());

        // A crash after the index committed and before the watermark did: the next run indexes those files again, replacing.
        await using (var connection = new DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM search_index_files WHERE file_id IN (SELECT file_id FROM search_index_files ORDER BY file_id LIMIT 3)";
            Assert.Equal(3, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }
        run = await HindsightCli.RunAsync(Run(RepositoryPaths.FixtureProjects, db));
        Assert.True(run.ExitCode is 0 or 4, run.ToString());
        // The same hits, each once (scores may move: replaced documents count in term statistics until segments merge).
        for (int i = 0; i < queries.Length; i++)
            Assert.Equal(Keys(before[i]), Keys(Comparable(await SearchAsync(db, queries[i]))));
    }

    [Theory]
    [InlineData("\"unclosed phrase")]
    [InlineData("*leading")]
    [InlineData("(open")]
    [InlineData("   ")]
    public async Task A_malformed_query_is_a_usage_error_with_a_clear_message(string query)
    {
        using var dir = new TempDirectory();
        Session(dir, "src", "-home-ana-shop", ShopSession, "shop", "fix the basket total");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir.Combine("src"), db))).ExitCode);

        var result = await HindsightCli.RunAsync("search", query, "--db", db);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_before_any_index_exists_says_how_to_build_it()
    {
        using var dir = new TempDirectory();

        var result = await HindsightCli.RunAsync("search", "anything", "--db", dir.Combine("none.duckdb"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("hindsight search --reindex", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snippet_with_terminal_escapes_is_printed_harmless()
    {
        using var dir = new TempDirectory();
        Session(dir, "src", "-home-ana-shop", ShopSession, "shop", "the \\u001b]52;c;ZXZpbA==\\u0007 clipboard ostrich");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir.Combine("src"), db))).ExitCode);

        var result = await HindsightCli.RunAsync("search", "ostrich", "--db", db);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ostrich", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Output.Replace("\u001b[", "", StringComparison.Ordinal));
        Assert.DoesNotContain('\u0007', result.Output);
    }

    /// <summary>
    /// A search's hits without its timing, scores rounded (segment layout may move the last digits), and hits of equal
    /// score in key order (Lucene breaks ties by document number, which a re-indexed file changes).
    /// </summary>
    private static JsonNode Comparable(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json.AsObject();
        json.Remove("elapsed_ms");
        var hits = json["hits"]!.AsArray().Select(h => h!.DeepClone()).ToList();
        foreach (var hit in hits) hit["score"] = Math.Round(hit["score"]!.GetValue<double>(), 3);
        json["hits"] = new JsonArray([.. hits
            .OrderByDescending(h => h["score"]!.GetValue<double>())
            .ThenBy(h => $"{h["file_id"]}:{h["line_no"]:D12}:{h["block_index"]}", StringComparer.Ordinal)]);
        return json;
    }

    private static List<string> Keys(JsonNode comparable) =>
        [.. comparable["hits"]!.AsArray().Select(h => $"{h!["file_id"]}:{h["line_no"]}:{h["block_index"]}").Order(StringComparer.Ordinal)];

    private static List<string> IndexFiles(string db) =>
        new DirectoryInfo(Path.Combine(Path.GetDirectoryName(db)!, Path.GetFileNameWithoutExtension(db) + ".search"))
            .EnumerateFiles().Where(f => f.Name != "write.lock").Select(f => $"{f.Name}:{f.Length}").Order(StringComparer.Ordinal).ToList();
}
