using Hindsight.Runs;
using Hindsight.Stages;
using Hindsight.Stages.Clean;
using Hindsight.Warehouse;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>
/// Stage 2 reads its input a slice at a time (a few thousand records, cut in the order records are stored): a file
/// longer than a slice is cut by line number, and what is computed over the whole file still is.
/// </summary>
public sealed class CleaningSliceTests
{
    private const string EarlySession = "aaaaaaaa-2222-4222-8222-222222222222";
    private const string LastSession = "bbbbbbbb-2222-4222-8222-222222222222";

    /// <summary>More lines than one classification slice holds (4,000), so the file is classified in parts.</summary>
    private const int Lines = 4_600;

    private static string Uuid(int line) => $"00000000-0000-4000-8000-{line:D12}";

    /// <summary>Every table stage 2 writes.</summary>
    private static readonly string[] CleaningTables =
        ["messages", "duplicate_rule_marks", "usage_lines", "uuidless_lines", "api_calls", "cost_states", "derived_files"];

    [Theory]
    [InlineData(1L, 1L, long.MaxValue)] // a record a slice, a file a derivation slice
    [InlineData(long.MaxValue, long.MaxValue, 1L)] // bounded by bytes alone: every file is cut into its lines
    [InlineData(3L, 2L, 4_096L)] // a few lines and a few kilobytes: small files grouped, larger ones cut by lines
    public async Task Cleaned_a_slice_at_a_time_every_table_equals_the_one_cleaned_with_the_default_slices(long classifyRecords, long deriveRecords, long classifyBytes)
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 12);
        var byDefault = dir.Combine("default.duckdb");
        var extract = await HindsightCli.RunAsync("extract", "--source", corpus.Projects, "--db", byDefault, "--quiet");
        Assert.True(extract.ExitCode == 0, extract.ToString());
        // Stage 1 classified what it stored; without its rows, stage 2 classifies the records itself, a slice at a time.
        await using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={byDefault}"))
        {
            await connection.OpenAsync(ct);
            using var forget = connection.CreateCommand();
            forget.CommandText = "DELETE FROM messages";
            await forget.ExecuteNonQueryAsync(ct);
        }
        var sliced = dir.Combine("sliced.duckdb");
        File.Copy(byDefault, sliced);
        if (File.Exists(byDefault + ".wal")) File.Copy(byDefault + ".wal", sliced + ".wal");
        Assert.True(await WarehouseProbe.ScalarAsync<long>(byDefault, "SELECT max(ingested_offset) FROM files") > 4_096,
            "a file must be larger than the small byte bound for it to be cut by lines");

        await CleanAsync(byDefault, CleaningSlices.Default);
        await CleanAsync(sliced, new CleaningSlices(classifyRecords, deriveRecords, classifyBytes));

        Assert.True(await WarehouseProbe.ScalarAsync<long>(byDefault, "SELECT count(*) FROM api_calls") > 0, "the corpus must have API calls");
        Assert.Equal(await WarehouseProbe.ChecksumsAsync(byDefault, CleaningTables), await WarehouseProbe.ChecksumsAsync(sliced, CleaningTables));

        async Task CleanAsync(string db, CleaningSlices slices)
        {
            await using var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(db, new WarehouseOptions(), ct);
            var context = new StageContext
            {
                RunId = Guid.CreateVersion7(),
                Options = new PipelineOptions { Sources = [corpus.Projects], DatabasePath = db, ManifestPath = db + ".manifest.json" },
                Warehouse = warehouse,
            };
            var outcome = await new CleaningStage(slices).RunAsync(context, ct);
            Assert.Equal(StageStatus.Succeeded, outcome.Status);
        }
    }

    [Fact]
    public async Task A_file_longer_than_a_slice_is_classified_once_per_line_and_a_line_without_session_takes_the_files_last_session()
    {
        using var dir = new TempDirectory();
        // Line 1 has no sessionId; the file's last sessionId is written only in its last lines, which fall in another slice.
        var lines = new List<string> { TranscriptLines.Summary("a long session") };
        for (int line = 2; line <= Lines; line++)
            lines.Add(TranscriptLines.User(Uuid(line), $"prompt {line}", line > Lines - 100 ? LastSession : EarlySession, line > 2 ? Uuid(line - 1) : null));
        dir.Write("projects/-p/long.jsonl", TranscriptLines.Jsonl([.. lines]));
        dir.Write("projects/-p/short.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("short-u1", "hello", "cccccccc-2222-4222-8222-222222222222")));
        var db = dir.Combine("h.duckdb");

        var run = await HindsightCli.RunAsync("run", "--provider", "none", "--source", dir.Combine("projects"), "--db", db, "--quiet");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Lines + 1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE block_index IS NULL"));
        Assert.Equal(Lines + 1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(DISTINCT (file_id, line_no)) FROM messages WHERE block_index IS NULL"));
        Assert.Equal(LastSession, await WarehouseProbe.ScalarAsync<string>(db, "SELECT session_id FROM messages WHERE record_type = 'summary'"));
        Assert.Equal(Lines - 1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE kind = 'human_prompt' AND text LIKE 'prompt %'"));
    }

    [Fact]
    public async Task Lines_appended_to_a_long_file_are_classified_and_derived_as_a_fresh_run_over_the_whole_file_would()
    {
        using var dir = new TempDirectory();
        var lines = new List<string>();
        for (int line = 1; line <= Lines; line++)
            lines.Add(TranscriptLines.User(Uuid(line), $"prompt {line}", EarlySession, line > 1 ? Uuid(line - 1) : null));
        var path = dir.Write("projects/-p/long.jsonl", TranscriptLines.Jsonl([.. lines.Take(Lines / 2)]));
        var incremental = dir.Combine("incremental.duckdb");
        var first = await HindsightCli.RunAsync("run", "--provider", "none", "--source", dir.Combine("projects"), "--db", incremental, "--quiet");
        Assert.True(first.ExitCode == 0, first.ToString());

        // The appended lines are stored after the first run's, with another file's between them.
        File.AppendAllText(path, TranscriptLines.Jsonl([.. lines.Skip(Lines / 2)]));
        dir.Write("projects/-p/other.jsonl", TranscriptLines.Jsonl(TranscriptLines.Summary("other"), TranscriptLines.User("other-u1", "hello", LastSession)));
        var second = await HindsightCli.RunAsync("run", "--provider", "none", "--source", dir.Combine("projects"), "--db", incremental, "--quiet");
        var fresh = dir.Combine("fresh.duckdb");
        var whole = await HindsightCli.RunAsync("run", "--provider", "none", "--source", dir.Combine("projects"), "--db", fresh, "--quiet");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(whole.ExitCode == 0, whole.ToString());
        const string messages = """
            SELECT count(*), sum(hash(f.relative_path, m.line_no, m.block_index, m.session_id, m.kind, m.text, m.is_duplicate, m.duplicate_reason))
            FROM messages m JOIN files f USING (file_id)
            """;
        const string uuidless = "SELECT count(*), sum(hash(f.relative_path, u.line_no, u.session_id, u.raw_sha256)) FROM uuidless_lines u JOIN files f USING (file_id)";
        Assert.Equal(await WarehouseProbe.RowsAsync(fresh, messages), await WarehouseProbe.RowsAsync(incremental, messages));
        Assert.Equal(await WarehouseProbe.RowsAsync(fresh, uuidless), await WarehouseProbe.RowsAsync(incremental, uuidless));
        Assert.Equal(Lines + 2L, await WarehouseProbe.ScalarAsync<long>(incremental, "SELECT count(*) FROM messages WHERE block_index IS NULL"));
    }
}
