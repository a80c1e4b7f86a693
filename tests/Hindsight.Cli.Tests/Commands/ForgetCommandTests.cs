using Hindsight.Warehouse;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>`hindsight forget DIR`: a dry run that counts per table, and --yes that removes one source's rows from every table at once.</summary>
public sealed class ForgetCommandTests
{
    private static void Source(TempDirectory dir, string root, string session, string word)
    {
        dir.Write($"{root}/-home-ana-{word}/{session}.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User($"{word}-u1", $"plese fix the {word} test", session),
            TranscriptLines.Assistant($"{word}-a1", $"msg_{word}", $"req_{word}", TranscriptLines.Text($"fixed {word}"), session: session),
            TranscriptLines.User($"{word}-u2", $"now the {word} docs", session, parent: $"{word}-a1")));
    }

    private static string[] Run(TempDirectory dir, string root, string db) =>
        ["run", "--source", dir.Combine(root), "--db", db, "--provider", "none", "--quiet"];

    [Fact]
    public async Task Forget_without_yes_shows_the_rows_per_table_and_removes_nothing()
    {
        using var dir = new TempDirectory();
        Source(dir, "real", "11111111-1111-4111-8111-111111111111", "shop");
        Source(dir, "synthetic", "22222222-2222-4222-8222-222222222222", "sample");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir, "real", db))).ExitCode);
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir, "synthetic", db))).ExitCode);
        var before = await WarehouseComparison.CountsAsync(db);

        var dry = await HindsightCli.RunAsync("forget", dir.Combine("synthetic"), "--db", db, "--json");
        var table = await HindsightCli.RunAsync("forget", dir.Combine("synthetic"), "--db", db);

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.False(dry.Json["removed"]!.GetValue<bool>());
        Assert.Equal(3, dry.Json["tables"]!["records"]!.GetValue<long>());
        Assert.Equal(1, dry.Json["tables"]!["files"]!.GetValue<long>());
        Assert.True(dry.Json["tables"]!["entities"]!.GetValue<long>() >= 4, dry.Output);
        Assert.Equal(SourceForgetter.Tables.Select(t => t.Name), dry.Json["tables"]!.AsObject().Select(p => p.Key));
        Assert.Contains("--yes", table.Output, StringComparison.Ordinal);
        Assert.Equal(before, await WarehouseComparison.CountsAsync(db));
    }

    [Fact]
    public async Task Forget_with_yes_removes_the_source_from_every_table_and_the_next_run_equals_a_warehouse_that_never_saw_it()
    {
        using var dir = new TempDirectory();
        Source(dir, "real", "11111111-1111-4111-8111-111111111111", "shop");
        Source(dir, "synthetic", "22222222-2222-4222-8222-222222222222", "sample");
        var mixed = dir.Combine("mixed.duckdb");
        var clean = dir.Combine("clean.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir, "real", mixed))).ExitCode);
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir, "synthetic", mixed))).ExitCode);
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir, "real", clean))).ExitCode);

        var forget = await HindsightCli.RunAsync("forget", dir.Combine("synthetic"), "--db", mixed, "--yes", "--json");

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.True(forget.Json["removed"]!.GetValue<bool>());
        foreach (var table in SourceForgetter.Tables)
        {
            long left = await WarehouseProbe.ScalarAsync<long>(mixed, table.Name == "files"
                ? "SELECT count(*) FROM files WHERE source_root LIKE '%/synthetic'"
                : $"SELECT count(*) FROM {table.Name} WHERE {(table.KeyedBy == ForgetKey.FileId ? "file_id NOT IN (SELECT file_id FROM files)" : "entity_id NOT IN (SELECT entity_id FROM entities)")}");
            Assert.True(left == 0, $"{table.Name} still holds {left} rows of the forgotten source");
        }
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(mixed, "SELECT count(*) FROM messages WHERE text LIKE '%sample%'"));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(mixed, "SELECT count(*) FROM entities WHERE session_id = '22222222-2222-4222-8222-222222222222'"));

        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir, "real", mixed))).ExitCode);
        Assert.Equal([], await WarehouseComparison.DifferencesAsync(clean, mixed));
        var again = await HindsightCli.RunAsync("forget", dir.Combine("synthetic"), "--db", mixed);
        Assert.Contains("nothing to remove", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_on_a_missing_warehouse_says_so_and_creates_none()
    {
        using var dir = new TempDirectory();

        var result = await HindsightCli.RunAsync("forget", dir.Combine("anything"), "--db", dir.Combine("none.duckdb"), "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No warehouse at", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("none.duckdb")));
    }

    [Fact]
    public async Task Every_table_keyed_by_a_file_or_an_entity_is_one_that_forget_clears()
    {
        using var dir = new TempDirectory();
        Source(dir, "real", "11111111-1111-4111-8111-111111111111", "shop");
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await HindsightCli.RunAsync(Run(dir, "real", db))).ExitCode);

        // A table added by a later release with a file_id or entity_id column must be added to the list too, or a
        // forgotten source would leave rows behind in it.
        var keyed = (await WarehouseProbe.RowsAsync(db, """
            SELECT DISTINCT table_name FROM duckdb_columns()
            WHERE database_name = current_database() AND NOT internal AND column_name IN ('file_id', 'entity_id')
            ORDER BY 1
            """)).Select(r => (string)r[0]!).ToList();

        Assert.Equal(keyed, SourceForgetter.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
    }
}
