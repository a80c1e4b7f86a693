using DuckDB.NET.Data;
using Hindsight.Warehouse;

namespace Hindsight.Tests.Warehouse;

public sealed class WarehouseSettingsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static void Corpus(TempDirectory dir) =>
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "hi"), TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("ok"))));

    [Fact]
    public void The_spill_folder_is_beside_the_warehouse()
    {
        Assert.Equal(Path.GetFullPath("/data/h.duckdb") + ".tmp", WarehouseOptions.TemporaryDirectoryFor("/data/h.duckdb", ["/data/projects", "/home/me/.claude"]));
    }

    [Fact]
    public void The_spill_folder_is_never_inside_a_source_folder()
    {
        var spill = WarehouseOptions.TemporaryDirectoryFor("/home/me/.claude/projects/h.duckdb", ["/home/me/.claude/projects/"]);

        Assert.StartsWith(Path.GetTempPath(), spill, StringComparison.Ordinal);
        Assert.DoesNotContain("/home/me/.claude", spill, StringComparison.Ordinal);
        // One folder per warehouse, the same every time.
        Assert.Equal(spill, WarehouseOptions.TemporaryDirectoryFor("/home/me/.claude/projects/h.duckdb", ["/home/me/.claude/projects"]));
        Assert.NotEqual(spill, WarehouseOptions.TemporaryDirectoryFor("/home/me/.claude/projects/other.duckdb", ["/home/me/.claude/projects"]));
    }

    [Fact]
    public void A_source_folder_that_only_shares_a_prefix_with_the_warehouse_folder_is_not_its_parent()
    {
        Assert.Equal(Path.GetFullPath("/data/projects-db/h.duckdb") + ".tmp", WarehouseOptions.TemporaryDirectoryFor("/data/projects-db/h.duckdb", ["/data/projects"]));
    }

    [Fact]
    public async Task The_writer_opens_with_the_memory_settings_and_removes_its_empty_spill_folder_on_close()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(db, new WarehouseOptions(), Cancel);
        await using (warehouse)
        {
            Assert.Equal(db + ".tmp", await warehouse.ScalarAsync("SELECT current_setting('temp_directory')", Cancel));
            Assert.Equal(false, await warehouse.ScalarAsync("SELECT current_setting('preserve_insertion_order')", Cancel));
            Assert.Equal(await RenderedAsync("memory_limit", WarehouseOptions.DefaultMemoryLimit), await warehouse.ScalarAsync("SELECT current_setting('memory_limit')", Cancel));
            Assert.Equal(await RenderedAsync("checkpoint_threshold", new WarehouseOptions().CheckpointThreshold), await warehouse.ScalarAsync("SELECT current_setting('checkpoint_threshold')", Cancel));
            Assert.InRange(Convert.ToInt64(await warehouse.ScalarAsync("SELECT current_setting('threads')", Cancel), System.Globalization.CultureInfo.InvariantCulture), 1, 2);
            // Make DuckDB create its spill folder, as an operator over the limit would.
            Directory.CreateDirectory(db + ".tmp");
        }

        Assert.False(Directory.Exists(db + ".tmp"));
    }

    [Fact]
    public async Task Overridden_settings_hold_on_every_connection_until_restored_and_then_take_their_earlier_values()
    {
        using var dir = new TempDirectory();
        var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(dir.Combine("h.duckdb"), new WarehouseOptions(), Cancel);
        await using (warehouse)
        {
            var threadsBefore = await DuckDBSetting.ValueAsync(warehouse, "threads");
            var vacuumBefore = await DuckDBSetting.ValueAsync(warehouse, "max_vacuum_tasks");
            await using var lane = await warehouse.OpenSessionAsync(Cancel);

            var overrides = await SettingOverrides.ApplyAsync(warehouse, [("threads", 1), ("max_vacuum_tasks", 0)], Cancel);

            Assert.Equal(("1", "0"), (await DuckDBSetting.ValueAsync(warehouse, "threads"), await DuckDBSetting.ValueAsync(warehouse, "max_vacuum_tasks")));
            Assert.Equal("0", await DuckDBSetting.ValueAsync(lane, "max_vacuum_tasks"));
            await overrides.RestoreAsync(afterFailure: false);
            Assert.Equal((threadsBefore, vacuumBefore), (await DuckDBSetting.ValueAsync(warehouse, "threads"), await DuckDBSetting.ValueAsync(warehouse, "max_vacuum_tasks")));
        }
    }

    [Fact]
    public async Task A_value_DuckDB_refuses_fails_and_puts_back_the_settings_set_before_it()
    {
        using var dir = new TempDirectory();
        var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(dir.Combine("h.duckdb"), new WarehouseOptions(), Cancel);
        await using (warehouse)
        {
            var vacuumBefore = await DuckDBSetting.ValueAsync(warehouse, "max_vacuum_tasks");

            await Assert.ThrowsAsync<WarehouseQueryException>(() => SettingOverrides.ApplyAsync(warehouse, [("max_vacuum_tasks", 0), ("threads", -1)], Cancel));

            Assert.Equal(vacuumBefore, await DuckDBSetting.ValueAsync(warehouse, "max_vacuum_tasks"));
        }
    }

    [Fact]
    public async Task The_writer_and_readers_hand_freed_memory_back_to_the_system_early()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var options = new WarehouseOptions();
        await using (var writer = await Hindsight.Warehouse.Warehouse.OpenAsync(db, options, Cancel))
        {
            await AssertAllocatorSettingsAsync(writer, options);
        }
        await using var reader = await Hindsight.Warehouse.Warehouse.OpenAsync(db, options with { ReadOnly = true }, Cancel);
        await AssertAllocatorSettingsAsync(reader, options);
    }

    private static async Task AssertAllocatorSettingsAsync(Hindsight.Warehouse.Warehouse warehouse, WarehouseOptions options)
    {
        Assert.Equal(await RenderedAsync("allocator_flush_threshold", options.AllocatorFlushThreshold),
            await warehouse.ScalarAsync("SELECT current_setting('allocator_flush_threshold')", Cancel));
        Assert.Equal(await RenderedAsync("allocator_bulk_deallocation_flush_threshold", options.AllocatorBulkFlushThreshold),
            await warehouse.ScalarAsync("SELECT current_setting('allocator_bulk_deallocation_flush_threshold')", Cancel));
        Assert.Equal(true, await warehouse.ScalarAsync("SELECT current_setting('allocator_background_threads')", Cancel));
    }

    [Fact]
    public async Task Spill_files_a_killed_run_left_are_removed_by_the_next_run_and_nothing_else_there_is_touched()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        var leftover = dir.Write("h.duckdb.tmp/duckdb_temp_storage_S32K-0.tmp", new string('x', 4096));
        var notOurs = dir.Write("h.duckdb.tmp/notes.txt", "someone else's");

        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(notOurs));
    }

    [Fact]
    public async Task A_run_leaves_no_spill_folder_beside_the_warehouse()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");

        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet", "--memory-limit", "128MB");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(Directory.Exists(db + ".tmp"));
    }

    [Fact]
    public async Task The_default_memory_limit_of_every_command_is_the_warehouse_default()
    {
        using var dir = new TempDirectory();
        Corpus(dir);
        var db = dir.Combine("h.duckdb");
        await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");

        var query = await HindsightCli.RunAsync("query", "--db", db, "--json", "SELECT current_setting('memory_limit') AS limit_text");

        Assert.True(query.ExitCode == 0, query.ToString());
        Assert.Contains(await RenderedAsync("memory_limit", WarehouseOptions.DefaultMemoryLimit), query.Output, StringComparison.Ordinal);
    }

    /// <summary>How DuckDB itself shows a size setting (128MB is "122.0 MiB").</summary>
    private static async Task<string> RenderedAsync(string setting, string value)
    {
        await using var connection = new DuckDBConnection($"Data Source=:memory:;{setting}={value}");
        await connection.OpenAsync(Cancel);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT current_setting('{setting}')";
        return (string)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
