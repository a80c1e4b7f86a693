using System.Text.Json;

namespace Hindsight.Tests.Stages.Stage;

/// <summary>
/// The staged table references the tool texts it shows (issue 12): a tool output is stored once, redacted, in
/// content_blocks, and read from there through the staged table, which is a view over a narrow table of staged rows.
/// </summary>
public sealed class StagedTableStorageTests
{
    private const string Session = "66666666-6666-4666-8666-666666666666";
    private const string Token = "ghp_FAKEstagedview0123456789abcdefghijklmn";
    private const string Marker = "OUTPUT-MARKER-7f3a9c";

    private static async Task<string> RunAsync(TempDirectory dir)
    {
        string Line(object o) => JsonSerializer.Serialize(o);
        var output = $"{Marker}: build log\nGITHUB_TOKEN={Token}\n" + string.Concat(Enumerable.Repeat("a long line of build output\n", 40));
        dir.Write(Path.Combine("projects", "-home-dev-shop", Session + ".jsonl"), string.Join("\n",
            Line(new { parentUuid = (string?)null, isSidechain = false, type = "user", message = new { role = "user", content = "run the build" }, uuid = "u1", timestamp = "2026-11-26T09:00:00.000Z", sessionId = Session, version = "2.1.332" }),
            Line(new { parentUuid = "u1", isSidechain = false, type = "assistant", message = new { id = "msg_1", role = "assistant", model = "claude-sonnet-4-5", content = new object[] { new { type = "tool_use", id = "toolu_1", name = "Bash", input = new { command = "make" } } }, usage = new { input_tokens = 10, output_tokens = 5 } }, requestId = "req_1", uuid = "a1", timestamp = "2026-11-26T09:00:01.000Z", sessionId = Session, version = "2.1.332" }),
            Line(new { parentUuid = "a1", isSidechain = false, type = "user", message = new { role = "user", content = new object[] { new { type = "tool_result", tool_use_id = "toolu_1", content = output } } }, uuid = "u2", timestamp = "2026-11-26T09:00:05.000Z", sessionId = Session, version = "2.1.332" })) + "\n");
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        return db;
    }

    [Fact]
    public async Task A_tool_output_is_stored_once_in_content_blocks_and_the_staged_table_is_a_view_that_shows_it()
    {
        using var dir = new TempDirectory();
        var db = await RunAsync(dir);

        Assert.Equal(["claude_code_stage_4", "raw_lines"], (await WarehouseProbe.RowsAsync(db, "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1")).Select(r => (string)r[0]!));
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'claude_code_stage_4'"));
        // Every stored table but the raw archive, searched for the output: only content_blocks holds it, in one row.
        var tables = (await WarehouseProbe.RowsAsync(db, "SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND table_name <> 'records' ORDER BY 1"))
            .Select(r => (string)r[0]!).ToList();
        var holding = new List<string>();
        foreach (var table in tables)
        {
            Assert.Matches("^[a-z_0-9]+$", table);
            long rows = await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM {table} t WHERE contains(CAST(t AS VARCHAR), '{Marker}')");
            if (rows > 0) holding.Add($"{table}: {rows}");
        }
        Assert.Equal(["content_blocks: 1"], holding);
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM claude_code_stage_4 WHERE starts_with(tool_output, '{Marker}')"));
        Assert.Equal(await WarehouseProbe.ScalarAsync<string>(db, "SELECT text FROM content_blocks WHERE block_type = 'tool_result'"),
            await WarehouseProbe.ScalarAsync<string>(db, "SELECT tool_output FROM claude_code_stage_4 WHERE tool_output IS NOT NULL"));
    }

    [Fact]
    public async Task A_secret_in_a_tool_output_is_redacted_when_read_through_the_staged_table()
    {
        using var dir = new TempDirectory();
        var db = await RunAsync(dir);

        var output = await WarehouseProbe.ScalarAsync<string>(db, $"SELECT tool_output FROM claude_code_stage_4 WHERE starts_with(tool_output, '{Marker}')");
        Assert.DoesNotContain(Token, output, StringComparison.Ordinal);
        Assert.Contains("GITHUB_TOKEN=⟦redacted:", output, StringComparison.Ordinal);
        Assert.Equal("Bash", await WarehouseProbe.ScalarAsync<string>(db, "SELECT tool_name FROM claude_code_stage_4 WHERE tool_name IS NOT NULL"));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM records WHERE contains(raw, '{Token}')"));
    }

    [Fact]
    public async Task Migration_11_turns_a_staged_table_of_copies_into_the_view_and_keeps_every_rows_created_at_run_and_fingerprint()
    {
        using var dir = new TempDirectory();
        var db = await RunAsync(dir);
        const string history = "SELECT entity_id, created_at::VARCHAR, run_id::VARCHAR, fingerprint FROM claude_code_stage_4 ORDER BY ALL";
        // Back to the previous release's layout: the staged table a table of copies, as migration 4 made it.
        await using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE staged_copy AS SELECT * FROM claude_code_stage_4;
                DROP VIEW claude_code_stage_4;
                DROP MACRO TABLE claude_code_stage_4_content;
                DROP TABLE claude_code_stage_4_rows;
                ALTER TABLE staged_copy RENAME TO claude_code_stage_4;
                DELETE FROM schema_migrations WHERE version = 11;
                -- Migrations 12 (stage 2's narrow tables), 14 (stages 3 and 4's per-file state) and 15 (discovery's totals) came after: undone too,
                -- so the warehouse is the schema before 11.
                DROP TABLE discovery_totals;
                DELETE FROM schema_migrations WHERE version = 15;
                DROP TABLE identified_files;
                DROP TABLE staged_files;
                DELETE FROM schema_migrations WHERE version = 14;
                DELETE FROM schema_migrations WHERE version = 16;
                -- Migration 17 (what stage 1 reads for stage 2) is undone too: the upgrade adds it again.
                ALTER TABLE records DROP COLUMN raw_sha256;
                DROP TABLE progress_copies;
                DELETE FROM schema_migrations WHERE version = 17;
                DROP TABLE derived_files;
                DROP TABLE usage_lines;
                DROP TABLE uuidless_lines;
                DROP TABLE duplicate_rule_marks;
                DELETE FROM schema_migrations WHERE version = 12;
                """;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            // The migrations after 17 (the staged table's own stage number among them) are undone likewise.
            command.CommandText = MigrationsAfter17Undo.Sql;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var before = (await WarehouseProbe.RowsAsync(db, history)).Select(r => string.Join('|', r)).ToList();
        Assert.NotEmpty(before);

        var again = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet", "--json");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM schema_migrations WHERE version = 11"));
        Assert.Equal(["claude_code_stage_4", "raw_lines"], (await WarehouseProbe.RowsAsync(db, "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1")).Select(r => (string)r[0]!));
        Assert.Equal(before, (await WarehouseProbe.RowsAsync(db, history)).Select(r => string.Join('|', r)).ToList());
        var stage5 = again.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 5)!;
        Assert.Equal(0L, stage5["metrics"]!["staged_written"]!.GetValue<long>());
    }
}
