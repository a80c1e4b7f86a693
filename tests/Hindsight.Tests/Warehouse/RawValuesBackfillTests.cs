using DuckDB.NET.Data;
using Hindsight.Tests.Support;

namespace Hindsight.Tests.Warehouse;

/// <summary>
/// Migration 17 gives the rows stored before it what stage 1 now reads from each line (the hash of a line without
/// uuid, the call a progress line copies), from their raw JSON: the values equal what a fresh stage 1 writes, and
/// stage 2 derives the same tables from them.
/// </summary>
public sealed class RawValuesBackfillTests
{
    private const string StageOneHashes = "SELECT file_id, line_no, raw_sha256 FROM records WHERE raw_sha256 IS NOT NULL ORDER BY ALL";

    private const string StageOneCopies = "SELECT * FROM progress_copies ORDER BY ALL";

    /// <summary>Stage 2's tables built from those values, every column.</summary>
    private static readonly string[] StageTwoTables =
    [
        "SELECT * FROM usage_lines ORDER BY ALL",
        "SELECT * FROM uuidless_lines ORDER BY ALL",
        "SELECT * FROM duplicate_rule_marks ORDER BY ALL",
        "SELECT * FROM api_calls ORDER BY ALL",
        "SELECT * EXCLUDE (ingest_run_id) FROM messages ORDER BY ALL",
    ];

    /// <summary>Back to a warehouse written before migration 17, whose stage 2 then derives every file again.</summary>
    private static async Task UndoMigration17Async(string db)
    {
        await using var connection = new DuckDBConnection($"Data Source={db}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            ALTER TABLE records DROP COLUMN raw_sha256;
            DROP TABLE progress_copies;
            DELETE FROM schema_migrations WHERE version = 17;
            DELETE FROM derived_files;
            DELETE FROM usage_lines;
            DELETE FROM uuidless_lines;
            DELETE FROM duplicate_rule_marks;
            DELETE FROM api_calls;
            DELETE FROM stage_state WHERE stage = 2;
            """;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        // The migrations after 17 are undone too, so that 17 is the next to apply.
        command.CommandText = MigrationsAfter17Undo.Sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task AssertBackfillEqualsAFreshStageOneAsync(string db, bool expectCopies, params string[] sources)
    {
        await QuietRuns.RunAsync(db, sources);
        var hashes = await QuietRuns.TextAsync(db, StageOneHashes);
        var copies = await QuietRuns.TextAsync(db, StageOneCopies);
        var derived = new List<List<string>>();
        foreach (var sql in StageTwoTables) derived.Add(await QuietRuns.TextAsync(db, sql));
        Assert.NotEmpty(hashes);
        if (expectCopies) Assert.NotEmpty(copies);
        Assert.NotEmpty(derived[0]);
        Assert.NotEmpty(derived[3]);

        await UndoMigration17Async(db);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM api_calls"));
        await QuietRuns.RunAsync(db, sources);

        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM schema_migrations WHERE version = 17"));
        Assert.Equal(hashes, await QuietRuns.TextAsync(db, StageOneHashes));
        Assert.Equal(copies, await QuietRuns.TextAsync(db, StageOneCopies));
        for (int i = 0; i < StageTwoTables.Length; i++)
            Assert.True(derived[i].SequenceEqual(await QuietRuns.TextAsync(db, StageTwoTables[i])), $"stage 2 derived other rows after the backfill: {StageTwoTables[i]}");
    }

    [Fact]
    public async Task The_backfilled_hashes_and_copies_of_the_fixtures_equal_a_fresh_stage_1s_and_stage_2_derives_the_same_tables()
    {
        using var dir = new TempDirectory();
        await AssertBackfillEqualsAFreshStageOneAsync(dir.Combine("h.duckdb"), expectCopies: true, RepositoryPaths.FixtureProjects, UsageFixtures.Projects);
    }

    [Fact]
    public async Task The_backfilled_hashes_of_real_transcripts_equal_a_fresh_stage_1s_and_stage_2_derives_the_same_tables()
    {
        var shared = RepositoryPaths.RequireSharedTranscripts();
        using var dir = new TempDirectory();
        // Real transcripts need not copy any subagent call; the fixtures above do.
        await AssertBackfillEqualsAFreshStageOneAsync(dir.Combine("h.duckdb"), expectCopies: false, shared);
    }
}
