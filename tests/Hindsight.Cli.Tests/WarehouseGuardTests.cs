using System.Security.Cryptography;
using DuckDB.NET.Data;

namespace Hindsight.Cli.Tests;

/// <summary>
/// Hindsight writes only into its own files: a --db that is not a Hindsight warehouse (CSV, JSONL, a foreign DuckDB
/// database) or that a newer release made is refused with exit 2 and left byte for byte as it was.
/// </summary>
public sealed class WarehouseGuardTests
{
    private static void Corpus(TempDirectory dir) =>
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "hi"), TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("ok"))));

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task A_db_path_naming_a_csv_file_is_refused_with_exit_2_and_the_file_is_untouched()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var csv = dir.Write("usage.csv", "date,tokens\n2026-01-01,100\n");
        var before = Hash(csv);

        var result = await HindsightProcess.RunAsync(new Dictionary<string, string?>(), "run", "--source", dir.Combine("projects"), "--db", csv, "--provider", "none");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is not a Hindsight warehouse", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Hash(csv));
        Assert.False(File.Exists(csv + ".wal"));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("query")]
    [InlineData("report")]
    [InlineData("runs")]
    public async Task Every_command_refuses_a_jsonl_file_given_as_the_warehouse(string command)
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var jsonl = dir.Write("notes.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("x", "not a database")));
        var before = Hash(jsonl);
        string[] args = command switch
        {
            "run" => ["run", "--source", dir.Combine("projects"), "--db", jsonl, "--provider", "none"],
            "query" => ["query", "--db", jsonl, "SELECT 1"],
            _ => [command, "--db", jsonl],
        };

        var result = await HindsightCli.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is not a Hindsight warehouse", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Hash(jsonl));
    }

    [Fact]
    public async Task A_duckdb_database_without_hindsights_schema_is_refused_and_left_untouched()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("analytics.duckdb");
        await using (var other = new DuckDBConnection($"Data Source={db}"))
        {
            await other.OpenAsync(TestContext.Current.CancellationToken);
            using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE sales (day DATE, amount DECIMAL(10,2)); INSERT INTO sales VALUES ('2026-01-01', 12.50); CHECKPOINT";
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var before = Hash(db);

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is a DuckDB database but not a Hindsight warehouse", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
        Assert.Equal(["sales"], (await WarehouseProbe.RowsAsync(db, "SELECT table_name FROM duckdb_tables()")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task A_warehouse_made_by_a_newer_release_is_refused_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet")).ExitCode);
        await using (var newer = new DuckDBConnection($"Data Source={db}"))
        {
            await newer.OpenAsync(TestContext.Current.CancellationToken);
            using var add = newer.CreateCommand();
            // What a later release's migration leaves: a higher version and a column this release does not know.
            add.CommandText = "INSERT INTO schema_migrations VALUES (9999, 'a future release', now()); ALTER TABLE records ADD COLUMN future_field VARCHAR; CHECKPOINT";
            await add.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var before = Hash(db);
        dir.Write("projects/-p/22222222-2222-4222-8222-222222222222.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u2", "more")));

        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        var query = await HindsightCli.RunAsync("query", "--db", db, "SELECT count(*) FROM records");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("was made by a newer Hindsight release (schema version 9999", run.Error, StringComparison.Ordinal);
        Assert.True(query.ExitCode == 2, query.ToString());
        Assert.Equal(before, Hash(db));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM runs"));
    }

    [Fact]
    public async Task An_empty_file_is_refused_like_any_other_non_warehouse_and_a_new_path_becomes_a_warehouse()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var empty = dir.Write("empty.duckdb", "");

        var onEmpty = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", empty, "--provider", "none", "--quiet");
        var onNew = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", dir.Combine("new", "h.duckdb"), "--provider", "none", "--quiet");

        Assert.True(onEmpty.ExitCode == 2, onEmpty.ToString());
        Assert.Contains("is not a Hindsight warehouse", onEmpty.Error, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(empty).Length);
        Assert.True(onNew.ExitCode == 0, onNew.ToString());
        Assert.Equal(2L, await WarehouseProbe.ScalarAsync<long>(dir.Combine("new", "h.duckdb"), "SELECT count(*) FROM records"));
    }
}
