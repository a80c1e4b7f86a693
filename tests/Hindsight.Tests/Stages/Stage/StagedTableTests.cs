using Hindsight.Stages.Correct;
using Hindsight.Stages.Stage;
using Hindsight.Warehouse;

namespace Hindsight.Tests.Stages.Stage;

/// <summary>The staged table is built a slice of files at a time; the slicing must not change a row.</summary>
public sealed class StagedTableTests
{
    private const string Content = """
        SELECT count(*), count(DISTINCT entity_id),
               coalesce(sum(hash(entity_id, parent_id, source_name, source_pipeline, level, text, session_id, message_index, message_type,
                                 role, content_length, word_count, model, cost_usd, tool_name, tool_input, tool_output, source_file,
                                 content_date, timestamp_utc, metadata, fingerprint)), 0)
        FROM claude_code_stage_4
        """;

    [Theory]
    [InlineData(1L, 16L << 20)] // a slice per file (or per line of a file with several entities)
    [InlineData(long.MaxValue, 1L)] // a slice per line: bounded by bytes alone, every file is cut into its lines
    public async Task Built_a_slice_at_a_time_the_staged_table_equals_the_one_built_in_one_slice_and_a_rebuild_changes_nothing(long sliceEntities, long sliceBytes)
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var db = await RunAsync(dir, files: 12);
        var oneSlice = await WarehouseProbe.RowsAsync(db, Content);
        long files = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(DISTINCT file_id) FROM entities WHERE level = 5");
        Assert.True(files > 1, "the corpus must spread its messages over several files for slices to differ");

        await using (var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(db, new WarehouseOptions(), ct))
        {
            // The staged table is a view; its rows are staged in its narrow table (migration 11).
            await warehouse.ExecuteAsync("DELETE FROM claude_code_stage_4_rows", ct);
            var builder = new StagedTableBuilder(warehouse, sliceEntities, sliceBytes);
            var (inserted, removed, total) = await builder.RunAsync(Guid.CreateVersion7(), ct);
            Assert.Equal((long)oneSlice[0][0]!, inserted);
            Assert.Equal((0L, inserted), (removed, total));

            var again = await builder.RunAsync(Guid.CreateVersion7(), ct);
            Assert.Equal((0L, 0L, total), again);
        }

        Assert.Equal(oneSlice.Single(), (await WarehouseProbe.RowsAsync(db, Content)).Single());
    }

    [Fact]
    public async Task A_changed_message_replaces_exactly_its_staged_row()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var db = await RunAsync(dir, files: 6);
        var entity = await WarehouseProbe.ScalarAsync<string>(db, "SELECT min(entity_id) FROM claude_code_stage_4 WHERE text IS NOT NULL");
        var id = new DuckDB.NET.Data.DuckDBParameter("id", entity);

        await using var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(db, new WarehouseOptions(), ct);
        await warehouse.ExecuteAsync(
            "UPDATE messages m SET text = 'changed by the test' FROM entities e WHERE e.entity_id = $id AND m.file_id = e.file_id AND m.line_no = e.line_no",
            ct, id);
        var (inserted, removed, _) = await new StagedTableBuilder(warehouse, sliceEntities: 1).RunAsync(Guid.CreateVersion7(), ct);

        Assert.Equal((1L, 1L), (inserted, removed));
        Assert.Equal("changed by the test", await warehouse.ScalarAsync("SELECT text FROM claude_code_stage_4 WHERE entity_id = $id", ct,
            new DuckDB.NET.Data.DuckDBParameter("id", entity)));
    }

    [Fact]
    public async Task A_build_puts_DuckDBs_thread_count_back_whether_it_succeeds_or_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var db = await RunAsync(dir, files: 4);

        await using var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(db, new WarehouseOptions { Threads = 2 }, ct);
        Assert.Equal("2", await DuckDBSetting.ValueAsync(warehouse, "threads"));
        await warehouse.ExecuteAsync("DELETE FROM claude_code_stage_4_rows", ct);
        var (inserted, _, _) = await new StagedTableBuilder(warehouse).RunAsync(Guid.CreateVersion7(), ct);
        Assert.True(inserted > 0);
        Assert.Equal("2", await DuckDBSetting.ValueAsync(warehouse, "threads"));

        // The content view cannot bind without its messages: the build fails inside its transaction.
        await warehouse.ExecuteAsync("DELETE FROM claude_code_stage_4_rows; ALTER TABLE messages RENAME TO messages_away", ct);
        await Assert.ThrowsAsync<WarehouseQueryException>(() => new StagedTableBuilder(warehouse).RunAsync(Guid.CreateVersion7(), ct));
        Assert.Equal("2", await DuckDBSetting.ValueAsync(warehouse, "threads"));
    }

    /// <summary>A generated corpus of <paramref name="files"/> files run through every stage into a new warehouse; its path.</summary>
    private static async Task<string> RunAsync(TempDirectory dir, int files)
    {
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: files);
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync(["run", "--source", corpus.Projects, "--db", db, "--quiet", "--provider", "none"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return db;
    }
}
