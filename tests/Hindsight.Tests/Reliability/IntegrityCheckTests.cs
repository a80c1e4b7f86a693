using System.Text;
using DuckDB.NET.Data;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// `hindsight check` against good and damaged warehouses, and the hint a damaged write-ahead log gives.
/// </summary>
public sealed class IntegrityCheckTests
{
    private const string Project = "-home-dev-check";

    private static async Task<string> IngestAsync(TempDirectory dir)
    {
        HostileCorpus.WriteCleanFiles(dir, 4, Project);
        // Blank lines, a dead letter and a CRLF line: the counts must still reconcile.
        dir.Write($"projects/{Project}/mixed.jsonl", HostileCorpus.Good("m1") + "\r\n\n   \n{\"broken\": \n" + HostileCorpus.Good("m2", "the secret is hunter2-hunter2") + "\n");
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        return db;
    }

    /// <summary>Changes the stored warehouse behind Hindsight's back, each statement changing exactly one row.</summary>
    private static async Task TamperAsync(string db, params string[] statements)
    {
        await using var connection = new DuckDBConnection($"Data Source={db}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using var tamper = connection.CreateCommand();
        foreach (var statement in statements)
        {
            tamper.CommandText = statement;
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Check_on_a_good_warehouse_exits_0_having_read_every_table_and_every_ingested_line()
    {
        using var dir = new TempDirectory();
        var db = await IngestAsync(dir);

        var check = await HindsightCli.RunAsync("check", "--db", db, "--json");

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.True(check.Json["holds"]!.GetValue<bool>());
        Assert.Equal(5, check.Json["files_checked"]!.GetValue<int>());
        Assert.Equal(4 * 2 + 3, check.Json["lines_checked"]!.GetValue<long>());
        Assert.True(check.Json["tables_read"]!.GetValue<int>() >= 10);
        Assert.Empty(check.Json["problems"]!.AsArray());
    }

    [Fact]
    public async Task Check_exits_1_naming_the_file_and_line_when_a_source_changed_under_the_warehouse()
    {
        using var dir = new TempDirectory();
        var db = await IngestAsync(dir);
        var path = dir.Combine("projects", Project, "mixed.jsonl");
        var bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("hunter2-hunter2"));
        Encoding.UTF8.GetBytes("***************").CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);

        var check = await HindsightCli.RunAsync("check", "--db", db);

        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"problem: {path}: line 5: the stored line differs from the source", check.Output, StringComparison.Ordinal);
        Assert.Contains($"problem: {path}: block 0", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_exits_1_when_an_entity_id_is_stored_twice()
    {
        using var dir = new TempDirectory();
        var db = await IngestAsync(dir);
        await TamperAsync(db, "INSERT INTO entities SELECT * FROM entities LIMIT 1");

        var check = await HindsightCli.RunAsync("check", "--db", db);

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("problem: entities: 1 rows repeat an entity id already stored", check.Output, StringComparison.Ordinal);
        Assert.Contains("problem: entities: 1 rows repeat a natural key already stored", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_exits_1_naming_the_file_and_line_of_a_tampered_stored_row()
    {
        using var dir = new TempDirectory();
        var db = await IngestAsync(dir);
        await TamperAsync(db, "UPDATE records SET raw = replace(raw, 'hunter2', 'hunter3') WHERE uuid = 'm2'", "DELETE FROM dead_letters");
        var path = dir.Combine("projects", Project, "mixed.jsonl");

        var check = await HindsightCli.RunAsync("check", "--db", db);

        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"problem: {path}: line 5: the stored line differs from the source", check.Output, StringComparison.Ordinal);
        Assert.Contains($"problem: {path}: line 4 is in the source but neither a record nor a dead letter", check.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("problem: " + dir.Combine("projects", Project, "11111111"), check.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_damaged_write_ahead_log_names_the_file_and_the_command_that_recovers_and_that_command_works()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 24);
        var db = dir.Combine("h.duckdb");
        using (var child = HindsightProcess.Start(new Dictionary<string, string?>(), "run", "--source", corpus.Projects, "--db", db, "--batch-size", "20", "--provider", "none"))
        {
            var killed = child.KillAfterErrorLine(line => line.Contains("stage 1 extraction: started", StringComparison.Ordinal), TimeSpan.FromMilliseconds(400));
            await child.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(await killed, "the run ended before it was killed");
        }
        var wal = db + ".wal";
        var log = File.ReadAllBytes(wal);
        Assert.True(log.Length > 8 * 1024, $"the killed run left a write-ahead log of only {log.Length} bytes");
        for (int i = log.Length / 3; i < log.Length / 3 + 64; i++) log[i] ^= 0xFF;
        File.WriteAllBytes(wal, log);

        var refused = await HindsightCli.RunAsync("runs", "--db", db);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"its write-ahead log {wal} is damaged", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"`mv '{wal}' '{wal}.damaged'`", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Error, StringComparison.Ordinal);

        File.Move(wal, wal + ".damaged");
        var resumed = await HindsightCli.RunAsync("run", "--source", corpus.Projects, "--db", db, "--provider", "none", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var check = await HindsightCli.RunAsync("check", "--db", db);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public async Task Check_exits_1_when_a_stored_block_of_the_database_file_is_damaged()
    {
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 2, Project);
        // A long text of no repeating shape, so that its bytes stand in the file as written and can be found there.
        var random = new Random(17);
        var marker = "damage-me-" + string.Concat(Enumerable.Range(0, 40_000).Select(_ => (char)('a' + random.Next(26))));
        dir.Write($"projects/{Project}/long.jsonl", HostileCorpus.Good("long1", marker) + "\n");
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(File.Exists(db + ".wal") && new FileInfo(db + ".wal").Length > 0, "the run left its writes in the log, not in the file");

        // Flip bytes inside every block that stores the raw archive: DuckDB's per-block checksums no longer match. (The
        // archive is compressed since storage v1.5.0, so its text no longer stands in the file as written: the blocks are
        // found through DuckDB's storage info instead. A file starts with three 4 KiB headers; a block is 256 KiB, its
        // first 8 bytes a checksum.)
        var bytes = File.ReadAllBytes(db);
        var blocks = await WarehouseProbe.RowsAsync(db, "SELECT DISTINCT block_id, block_offset FROM pragma_storage_info('records') WHERE column_name = 'raw' AND segment_type = 'VARCHAR' AND block_id >= 0");
        int copies = 0;
        foreach (var block in blocks)
        {
            long at = 3 * 4096 + (long)block[0]! * 262_144 + 8 + Convert.ToInt64(block[1]!, System.Globalization.CultureInfo.InvariantCulture) + 16;
            for (int i = 0; i < 16; i++) bytes[at + i] ^= 0x20;
            copies++;
        }
        Assert.True(copies > 0, "the text was not found in the database file as written");
        File.WriteAllBytes(db, bytes);

        var check = await HindsightCli.RunAsync("check", "--db", db);

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("checksum", check.Output + check.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", check.Output + check.Error, StringComparison.Ordinal);
    }
}
