using Hindsight.Destinations;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>
/// `hindsight export parquet`: what DuckDB reads back from the files equals the tables, and a later export rewrites only
/// the days whose rows changed.
/// </summary>
public sealed class ExportParquetCommandTests
{
    private const string MondaySession = "11111111-1111-4111-8111-111111111111";
    private const string WednesdaySession = "22222222-2222-4222-8222-222222222222";

    /// <summary>A session of three lines on one UTC day (the shared lines are dated 2026-02-03).</summary>
    private static string Session(string session, string word, string day) => TranscriptLines.Jsonl(
            TranscriptLines.User($"{word}-u1", $"plese fix the {word} test", session),
            TranscriptLines.Assistant($"{word}-a1", $"msg_{word}", $"req_{word}", TranscriptLines.Text($"fixed {word}"), session: session),
            TranscriptLines.User($"{word}-u2", $"now the {word} docs", session, parent: $"{word}-a1"))
        .Replace("2026-02-03", day, StringComparison.Ordinal);

    private static async Task<string> IngestTwoDaysAsync(TempDirectory dir)
    {
        // One line that is not JSON, so that dead_letters (partitioned by its file's day) has a row too.
        dir.Write($"projects/-home-ana-shop/{MondaySession}.jsonl", Session(MondaySession, "shop", "2026-02-02") + "{not json\n");
        dir.Write($"projects/-home-ana-docs/{WednesdaySession}.jsonl", Session(WednesdaySession, "docs", "2026-02-04"));
        var db = dir.Combine("h.duckdb");
        await RunAsync(dir, db);
        return db;
    }

    private static async Task RunAsync(TempDirectory dir, string db)
    {
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    /// <summary>A warehouse of a generated corpus of <paramref name="files"/> files (DIR/corpus), run once.</summary>
    private static async Task<string> GeneratedWarehouseAsync(TempDirectory dir, int files)
    {
        var sample = await HindsightCli.RunAsync("sample", "--out", dir.Combine("corpus"), "--scale", files.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet");
        Assert.True(sample.ExitCode == 0, sample.ToString());
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("corpus"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        return db;
    }

    private static async Task<CliResult> ExportAsync(string db, string outDir, params string[] more)
    {
        var export = await HindsightCli.RunAsync(["export", "parquet", "--db", db, "--out", outDir, "--json", .. more]);
        Assert.True(export.ExitCode == 0, export.ToString());
        return export;
    }

    /// <summary>Rows in the table and not in its files, plus rows in its files and not in the table (bags: duplicates count).</summary>
    private static async Task<long> DifferingRowsAsync(string db, string outDir, DestinationTable table)
    {
        // A partitioned table without rows has no partition, so no file.
        if (table.IsPartitioned && await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM {table.Name}") == 0)
            return Directory.EnumerateFiles(Path.Combine(outDir, table.Name), "*.parquet", SearchOption.AllDirectories).LongCount();
        var files = table.IsPartitioned
            ? $"(SELECT * EXCLUDE (dt) FROM read_parquet('{outDir}/{table.Name}/*/*.parquet', hive_partitioning = true))"
            : $"read_parquet('{outDir}/{table.Name}/data.parquet')";
        return await WarehouseProbe.ScalarAsync<long>(db, $"""
            SELECT count(*) FROM (
                (SELECT * FROM {table.Name} EXCEPT ALL SELECT * FROM {files})
                UNION ALL
                (SELECT * FROM {files} EXCEPT ALL SELECT * FROM {table.Name}))
            """);
    }

    /// <summary>Every table equals what DuckDB reads back from its files, and no staging folder is left.</summary>
    private static async Task AssertFilesEqualTablesAsync(string db, string outDir, IEnumerable<DestinationTable> tables)
    {
        foreach (var table in tables)
            Assert.True(await DifferingRowsAsync(db, outDir, table) == 0, $"{table.Name}: the files differ from the table");
        Assert.Empty(Directory.EnumerateDirectories(outDir, ".staging-*", SearchOption.AllDirectories));
    }

    private static Dictionary<string, DateTime> FileTimes(string outDir) =>
        Directory.EnumerateFiles(outDir, "*.parquet", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(outDir, f), File.GetLastWriteTimeUtc);

    private static IEnumerable<string> Written(CliResult export, string table) =>
        export.Json["tables"]![table]!["written"]!.AsArray().Select(k => k!.GetValue<string>());

    [Fact]
    public async Task Every_exported_table_read_back_by_DuckDB_equals_the_warehouse_table()
    {
        using var dir = new TempDirectory();
        var db = await IngestTwoDaysAsync(dir);
        var outDir = dir.Combine("export");

        var export = await ExportAsync(db, outDir, "--include-raw");

        Assert.Equal(DestinationTables.Names, export.Json["tables"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["2026-02-02", "2026-02-04"], Written(export, "messages").Order());
        Assert.True(Directory.Exists(Path.Combine(outDir, "messages", "dt=2026-02-02")));
        Assert.True(File.Exists(Path.Combine(outDir, "files", "data.parquet")));
        foreach (var table in DestinationTables.All)
        {
            long rows = await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM {table.Name}");
            Assert.True(rows == export.Json["tables"]![table.Name]!["rows"]!.GetValue<long>(), table.Name);
        }
        await AssertFilesEqualTablesAsync(db, outDir, DestinationTables.All);
        Assert.True(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages") >= 6);
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM dead_letters"));
        // Instants stay instants: the Parquet column is a UTC-adjusted timestamp, read back as TIMESTAMPTZ.
        Assert.Equal("TIMESTAMP WITH TIME ZONE", await WarehouseProbe.ScalarAsync<string>(db,
            $"SELECT typeof(timestamp_utc) FROM read_parquet('{outDir}/messages/*/*.parquet') LIMIT 1"));
    }

    [Fact]
    public async Task A_re_export_after_an_append_rewrites_only_the_changed_days()
    {
        using var dir = new TempDirectory();
        var db = await IngestTwoDaysAsync(dir);
        var outDir = dir.Combine("export");
        await ExportAsync(db, outDir);
        var before = FileTimes(outDir);
        File.AppendAllText(dir.Combine($"projects/-home-ana-docs/{WednesdaySession}.jsonl"), TranscriptLines.Jsonl(
            TranscriptLines.User("docs-u3", "and the changelog", WednesdaySession, parent: "docs-u2").Replace("2026-02-03", "2026-02-04", StringComparison.Ordinal)));
        await RunAsync(dir, db);

        var again = await ExportAsync(db, outDir);

        Assert.Equal(["2026-02-04"], Written(again, "messages"));
        Assert.Empty(Written(again, "api_calls"));
        var after = FileTimes(outDir);
        foreach (var (file, time) in before.Where(f => f.Key.StartsWith($"messages{Path.DirectorySeparatorChar}dt=2026-02-02", StringComparison.Ordinal)
                                                    || f.Key.StartsWith("api_calls", StringComparison.Ordinal)))
            Assert.True(after[file] == time, $"{file} was rewritten though its day did not change");
        await AssertFilesEqualTablesAsync(db, outDir, DestinationTables.All.Where(t => !t.Raw));
    }

    [Fact]
    public async Task An_export_with_nothing_changed_writes_nothing()
    {
        using var dir = new TempDirectory();
        var db = await IngestTwoDaysAsync(dir);
        var outDir = dir.Combine("export");
        await ExportAsync(db, outDir);
        var before = FileTimes(outDir);

        var again = await ExportAsync(db, outDir);
        var text = await HindsightCli.RunAsync("export", "parquet", "--db", db, "--out", outDir);

        Assert.Equal(0, again.Json["partitions_written"]!.GetValue<int>());
        Assert.Equal(before, FileTimes(outDir));
        Assert.Contains("nothing written", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partition_whose_files_were_deleted_is_written_again()
    {
        using var dir = new TempDirectory();
        var db = await IngestTwoDaysAsync(dir);
        var outDir = dir.Combine("export");
        await ExportAsync(db, outDir, "--table", "messages");
        Directory.Delete(Path.Combine(outDir, "messages", "dt=2026-02-02"), recursive: true);

        var again = await ExportAsync(db, outDir, "--table", "messages");

        Assert.Equal(["2026-02-02"], Written(again, "messages"));
        Assert.Equal(0L, await DifferingRowsAsync(db, outDir, DestinationTables.All.Single(t => t.Name == "messages")));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task An_export_killed_while_it_writes_is_completed_by_the_next_with_no_row_missing_or_doubled()
    {
        using var dir = new TempDirectory();
        var db = await GeneratedWarehouseAsync(dir, 40);
        var outDir = dir.Combine("export");
        string[] export = ["export", "parquet", "--db", db, "--out", outDir, "--include-raw", "--quiet"];

        // Killed while a staging folder exists (a COPY or the renames under way), then at fixed times after the start
        // (wherever the export is then: opening, hashing, writing, recording); each time the next export completes it.
        using (var process = HindsightProcess.Start(new Dictionary<string, string?>(), export))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!process.HasExited && DateTime.UtcNow < deadline
                   && !(Directory.Exists(outDir) && Directory.EnumerateDirectories(outDir, ".staging-*", SearchOption.AllDirectories).Any()))
                await Task.Delay(5, TestContext.Current.CancellationToken);
            process.Kill();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        await ExportAsync(db, outDir, "--include-raw");
        await AssertFilesEqualTablesAsync(db, outDir, DestinationTables.All);
        foreach (var delay in new[] { 700, 1500, 2500 })
        {
            // A change on the way: a run whose runs and run_stages rows the next export must write.
            Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("corpus"), "--db", db, "--provider", "none", "--quiet")).ExitCode);
            using (var process = HindsightProcess.Start(new Dictionary<string, string?>(), export))
            {
                await Task.Delay(delay, TestContext.Current.CancellationToken);
                if (!process.HasExited) process.Kill();
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
            await ExportAsync(db, outDir, "--include-raw");
            await AssertFilesEqualTablesAsync(db, outDir, DestinationTables.All);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_staged_table_of_a_larger_corpus_is_exported_within_a_small_memory_limit_and_equals_the_view()
    {
        // Read whole, the staged view's joins over 150 generated files ran out of memory at 128MB (and the seed corpus at
        // the default 256MB); read a slice of files at a time, they fit.
        using var dir = new TempDirectory();
        var db = await GeneratedWarehouseAsync(dir, 150);
        var outDir = dir.Combine("export");

        var export = await ExportAsync(db, outDir, "--table", "claude_code_stage_4", "--memory-limit", "128MB");

        var staged = DestinationTables.All.Single(t => t.Name == "claude_code_stage_4");
        Assert.True(export.Json["tables"]!["claude_code_stage_4"]!["rows"]!.GetValue<long>() > 10_000, export.ToString());
        await AssertFilesEqualTablesAsync(db, outDir, [staged]);
        // Several slices wrote into one day's folder, and a re-export finds every day unchanged.
        var again = await ExportAsync(db, outDir, "--table", "claude_code_stage_4", "--memory-limit", "128MB");
        Assert.Equal(0, again.Json["partitions_written"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unknown_table_is_a_usage_error_that_names_the_known_ones()
    {
        using var dir = new TempDirectory();
        var db = await IngestTwoDaysAsync(dir);

        var result = await HindsightCli.RunAsync("export", "parquet", "--db", db, "--out", dir.Combine("export"), "--table", "nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("messages", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("export")));
    }
}
