using Hindsight.Stages.Identify;

namespace Hindsight.Tests.Stages.Identify;

/// <summary>Stage 3's ids depend on neither paths, line order nor run, and re-running writes nothing twice.</summary>
public sealed class IdentityDeterminismTests
{
    private const string Session = "44444444-4444-4444-8444-444444444444";
    private const string Resumed = "55555555-5555-4555-8555-555555555555";

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task The_same_files_in_two_folders_give_the_same_ids_even_with_the_lines_of_a_file_in_another_order()
    {
        using var dir = new TempDirectory();
        var first = dir.Combine("a", "projects");
        var second = dir.Combine("elsewhere", "deeper", "copy", "projects");
        CopyTree(RepositoryPaths.FixtureProjects, first);
        CopyTree(RepositoryPaths.FixtureProjects, second);
        var reordered = Path.Combine(second, "C--Users-ana-work-win", "1a602adb-4105-46d0-9630-c96bf3b7c100.jsonl");
        File.WriteAllLines(reordered, File.ReadAllLines(reordered).Reverse());

        var one = await IdentityPipeline.RunAsync(first, dir.Combine("one.duckdb"));
        var two = await IdentityPipeline.RunAsync(second, dir.Combine("two.duckdb"));

        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.True(two.ExitCode == 0, two.ToString());
        var ids = await IdentityPipeline.EntitiesAsync(dir.Combine("one.duckdb"));
        Assert.NotEmpty(ids);
        Assert.Equal(ids, await IdentityPipeline.EntitiesAsync(dir.Combine("two.duckdb")));
        Assert.NotEqual(
            await WarehouseProbe.ScalarAsync<string>(dir.Combine("one.duckdb"), "SELECT min(file_id) FROM files"),
            await WarehouseProbe.ScalarAsync<string>(dir.Combine("two.duckdb"), "SELECT min(file_id) FROM files"));
    }

    [Fact]
    public async Task Running_again_on_the_same_files_changes_no_row_and_appends_nothing()
    {
        using var dir = new TempDirectory();
        var db = dir.Combine("h.duckdb");
        var first = await IdentityPipeline.RunAsync(RepositoryPaths.FixtureProjects, db);
        Assert.True(first.ExitCode == 0, first.ToString());
        string[] tables = ["entities", "messages", "records", "content_blocks"];
        var before = await WarehouseProbe.ChecksumsAsync(db, tables);

        var second = await IdentityPipeline.RunAsync(RepositoryPaths.FixtureProjects, db);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(second.Json["stages"]![3]!["metrics"]!["inputs_unchanged"]!.GetValue<bool>());
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(db, tables));

        // Forget what stage 3 last computed from, so that it really recomputes on the same input.
        await using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var forget = connection.CreateCommand();
            forget.CommandText = "DELETE FROM stage_state";
            await forget.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var third = await HindsightCli.RunAsync("identify", "--source", RepositoryPaths.FixtureProjects, "--db", db, "--quiet", "--json");

        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(before, await WarehouseProbe.ChecksumsAsync(db, tables));
        long stored = await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM entities");
        Assert.Equal(0, IdentityPipeline.Metric(third, "sessions_inserted") + IdentityPipeline.Metric(third, "messages_inserted") + IdentityPipeline.Metric(third, "blocks_inserted")
            + IdentityPipeline.Metric(third, "typed_texts_inserted"));
        Assert.Equal(0, IdentityPipeline.Metric(third, "sessions_removed") + IdentityPipeline.Metric(third, "messages_removed") + IdentityPipeline.Metric(third, "blocks_removed")
            + IdentityPipeline.Metric(third, "typed_texts_removed"));
        Assert.Equal(stored, IdentityPipeline.Metric(third, "sessions_present") + IdentityPipeline.Metric(third, "messages_present") + IdentityPipeline.Metric(third, "blocks_present")
            + IdentityPipeline.Metric(third, "typed_texts_present"));
    }

    [Fact]
    public async Task The_same_uuid_in_two_files_gives_one_message_entity()
    {
        using var dir = new TempDirectory();
        var replayed = TranscriptLines.User("u1", "hello", session: Session);
        dir.Write($"projects/-p/{Session}.jsonl", TranscriptLines.Jsonl(replayed, TranscriptLines.User("u2", "more", session: Session, parent: "u1")));
        dir.Write($"projects/-p/{Resumed}.jsonl", TranscriptLines.Jsonl(replayed, TranscriptLines.User("u3", "resumed", session: Resumed, parent: "u1")));
        var db = dir.Combine("h.duckdb");

        var result = await IdentityPipeline.RunAsync(dir.Combine("projects"), db);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE uuid = 'u1' AND is_duplicate"));
        var messages = await WarehouseProbe.RowsAsync(db, "SELECT natural_key FROM entities WHERE entity_type = 'message' ORDER BY natural_key");
        Assert.Equal(
            new[] { EntityKeys.MessageWithUuid(Session, "u1"), EntityKeys.MessageWithUuid(Session, "u2"), EntityKeys.MessageWithUuid(Resumed, "u3") }.Order(StringComparer.Ordinal),
            messages.Select(r => (string)r[0]!));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db,
            $"SELECT count(*) FROM entities WHERE entity_type = 'content_block' AND parent_id = '{EntityKeys.IdOf(EntityKeys.MessageWithUuid(Session, "u1"))}'"));
    }

    [Fact]
    public async Task A_record_without_uuid_gets_the_same_id_in_every_warehouse_and_folder()
    {
        using var dir = new TempDirectory();
        var summary = TranscriptLines.Summary("Fixing the checkout");
        foreach (var root in new[] { "a/projects", "b/other/projects" })
            dir.Write($"{root}/-p/{Session}.jsonl", TranscriptLines.Jsonl(summary, TranscriptLines.User("u1", "hello", session: Session)));
        var expected = EntityKeys.IdOf(EntityKeys.MessageWithoutUuid(Session, "summary", summary));

        var ids = new List<string>();
        foreach (var (root, db) in new[] { ("a/projects", "one.duckdb"), ("b/other/projects", "two.duckdb") })
        {
            var result = await IdentityPipeline.RunAsync(dir.Combine(root), dir.Combine(db));
            Assert.True(result.ExitCode == 0, result.ToString());
            ids.AddRange((await WarehouseProbe.RowsAsync(dir.Combine(db), "SELECT entity_id FROM entities WHERE natural_key LIKE '%|line|summary|%'")).Select(r => (string)r[0]!));
        }

        Assert.Equal([expected, expected], ids);
    }

    [Fact]
    public async Task A_file_rewritten_without_some_lines_removes_their_entities_and_keeps_the_ids_of_the_others()
    {
        using var dir = new TempDirectory();
        var path = dir.Write($"projects/-p/{Session}.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("u1", "kept", session: Session), TranscriptLines.User("u2", "lost in the rewrite", session: Session, parent: "u1")));
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await IdentityPipeline.RunAsync(dir.Combine("projects"), db)).ExitCode);
        const string Kept = "SELECT entity_id, first_seen_run FROM entities WHERE natural_key LIKE '%|uuid|u1%' ORDER BY entity_id";
        var keptBefore = await WarehouseProbe.RowsAsync(db, Kept);

        File.WriteAllText(path, TranscriptLines.Jsonl(TranscriptLines.User("u1", "kept", session: Session)));
        var second = await IdentityPipeline.RunAsync(dir.Combine("projects"), db);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(1, IdentityPipeline.Metric(second, "messages_removed"));
        Assert.Equal(1, IdentityPipeline.Metric(second, "blocks_removed"));
        Assert.Equal(0, IdentityPipeline.Metric(second, "messages_inserted"));
        Assert.Equal(2, keptBefore.Count);
        Assert.Equal(keptBefore, await WarehouseProbe.RowsAsync(db, Kept));
        Assert.Equal(
            [EntityKeys.MessageWithUuid(Session, "u1")],
            (await WarehouseProbe.RowsAsync(db, "SELECT natural_key FROM entities WHERE entity_type = 'message'")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task When_an_earlier_copy_of_a_message_arrives_the_entity_keeps_its_id_and_follows_the_kept_row()
    {
        using var dir = new TempDirectory();
        var replayed = TranscriptLines.User("u1", "hello", session: Session);
        dir.Write($"projects/-p/{Resumed}.jsonl", TranscriptLines.Jsonl(replayed, TranscriptLines.User("u3", "resumed", session: Resumed, parent: "u1")));
        var db = dir.Combine("h.duckdb");
        Assert.Equal(0, (await IdentityPipeline.RunAsync(dir.Combine("projects"), db)).ExitCode);
        const string Entity = "SELECT entity_id, first_seen_run, (SELECT relative_path FROM files f WHERE f.file_id = e.file_id) FROM entities e WHERE natural_key = ";
        var message = EntityKeys.MessageWithUuid(Session, "u1");
        var before = await WarehouseProbe.RowsAsync(db, $"{Entity}'{message}'");

        // The original session's file sorts first, so stage 2 now keeps its copy and marks the replay.
        dir.Write($"projects/-p/{Session}.jsonl", TranscriptLines.Jsonl(replayed));
        var second = await IdentityPipeline.RunAsync(dir.Combine("projects"), db);

        Assert.True(second.ExitCode == 0, second.ToString());
        var after = await WarehouseProbe.RowsAsync(db, $"{Entity}'{message}'");
        Assert.Equal($"-p/{Resumed}.jsonl", before[0][2]);
        Assert.Equal($"-p/{Session}.jsonl", after[0][2]);
        Assert.Equal(before[0][..2], after[0][..2]);
        Assert.Equal(1, IdentityPipeline.Metric(second, "messages_relocated"));
        Assert.Equal(1, IdentityPipeline.Metric(second, "blocks_relocated"));
        Assert.Equal(0, IdentityPipeline.Metric(second, "messages_inserted") + IdentityPipeline.Metric(second, "messages_removed"));
    }
}
