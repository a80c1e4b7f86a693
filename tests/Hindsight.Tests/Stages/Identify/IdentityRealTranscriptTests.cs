using Hindsight.Stages.Identify;

namespace Hindsight.Tests.Stages.Identify;

/// <summary>Stage 3 on the real transcripts in ../shared/transcripts (skipped when absent).</summary>
public sealed class IdentityRealTranscriptTests
{
    [Fact]
    public async Task Real_transcripts_get_unique_32_hex_ids_with_a_complete_parent_chain_and_a_second_run_adds_nothing()
    {
        var shared = RepositoryPaths.RequireSharedTranscripts();
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");

        var first = await IdentityPipeline.RunAsync(shared, db);

        Assert.True(first.ExitCode == 0, first.ToString());
        var ids = await WarehouseProbe.RowsAsync(db, """
            SELECT count(*), count(DISTINCT entity_id), count(DISTINCT natural_key), count(*) FILTER (WHERE regexp_full_match(entity_id, '[0-9a-f]{32}'))
            FROM entities
            """);
        Assert.True((long)ids[0][0]! > 1000, "the shared transcripts hold thousands of messages");
        Assert.All(ids[0], count => Assert.Equal(ids[0][0], count));
        long orphans = await WarehouseProbe.ScalarAsync<long>(db, """
            SELECT count(*) FROM entities c LEFT JOIN entities p ON p.entity_id = c.parent_id
            WHERE c.entity_type <> 'session' AND (p.entity_id IS NULL OR p.level <= c.level)
            """);
        Assert.Equal(0L, orphans);
        long kept = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE NOT is_duplicate");
        Assert.Equal(kept, IdentityPipeline.Metric(first, "message_rows"));

        var before = await WarehouseProbe.ChecksumsAsync(db, ["entities"]);
        var second = await IdentityPipeline.RunAsync(shared, db);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(db, ["entities"]));
        // Nothing changed upstream, so stage 3 does not even recompute.
        Assert.True(IdentityPipeline.IdentityStage(second)["metrics"]!["inputs_unchanged"]!.GetValue<bool>());
    }
}
