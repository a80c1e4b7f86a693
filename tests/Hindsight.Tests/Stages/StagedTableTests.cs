using Hindsight.Stages.Staging;
using Hindsight.Tests.Support;
using Hindsight.Warehouse;

namespace Hindsight.Tests.Stages;

/// <summary>The staged table is built a slice of files at a time; the slicing must not change a row.</summary>
public sealed class StagedTableTests
{
    private const string Content = """
        SELECT count(*), coalesce(bit_xor(hash(entity_id, parent_id, text, session_id, message_index, message_type, tool_name,
                                               tool_input, tool_output, source_file, metadata, fingerprint)), 0)
        FROM claude_code_stage_4
        """;

    [Fact]
    public async Task Built_one_file_at_a_time_the_staged_table_equals_the_one_built_in_one_slice_and_a_rebuild_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 12);
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync(["run", "--source", corpus.Projects, "--db", db, "--quiet", "--provider", "none"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var oneSlice = await WarehouseProbe.RowsAsync(db, Content);
        long files = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(DISTINCT file_id) FROM entities WHERE level = 5");
        Assert.True(files > 1, "the corpus must spread its messages over several files for slices to differ");

        await using (var warehouse = await Warehouse.Warehouse.OpenAsync(db, new WarehouseOptions(), ct))
        {
            await warehouse.ExecuteAsync("DELETE FROM claude_code_stage_4", ct);
            var builder = new StagedTableBuilder(warehouse, sliceEntities: 1);
            var (inserted, removed, total) = await builder.RunAsync(Guid.CreateVersion7(), ct);
            Assert.Equal((long)oneSlice[0][0]!, inserted);
            Assert.Equal((0L, inserted), (removed, total));

            var again = await builder.RunAsync(Guid.CreateVersion7(), ct);
            Assert.Equal((0L, 0L, total), again);
        }

        Assert.Equal(oneSlice.Single(), (await WarehouseProbe.RowsAsync(db, Content)).Single());
    }
}
