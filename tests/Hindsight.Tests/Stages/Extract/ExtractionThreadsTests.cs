using Hindsight.Runs;
using Hindsight.Stages;
using Hindsight.Stages.Extract;
using Hindsight.Warehouse;

namespace Hindsight.Tests.Stages.Extract;

/// <summary>Stage 1 runs DuckDB single-threaded beside its lanes, and gives the warehouse its thread setting back.</summary>
public sealed class ExtractionThreadsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Extraction_in_two_lanes_leaves_the_warehouse_with_its_own_thread_setting()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "hi", session: "11111111-1111-4111-8111-111111111111")));
        dir.Write("projects/-p/22222222-2222-4222-8222-222222222222.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u2", "hello", session: "22222222-2222-4222-8222-222222222222")));
        var db = dir.Combine("h.duckdb");
        await using var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(db, new WarehouseOptions { Threads = 2 }, Cancel);
        var context = new StageContext
        {
            RunId = Guid.CreateVersion7(),
            Options = new PipelineOptions { Sources = [dir.Combine("projects")], DatabasePath = db, ManifestPath = db + ".manifest.json", ReadParallelism = 2 },
            Warehouse = warehouse,
        };

        var outcome = await new ExtractionStage().RunAsync(context, Cancel);

        Assert.Equal(StageStatus.Succeeded, outcome.Status);
        Assert.Equal(2L, Convert.ToInt64(await warehouse.ScalarAsync("SELECT count(*) FROM records", Cancel), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2L, Convert.ToInt64(await warehouse.ScalarAsync("SELECT current_setting('threads')", Cancel), System.Globalization.CultureInfo.InvariantCulture));
    }
}
