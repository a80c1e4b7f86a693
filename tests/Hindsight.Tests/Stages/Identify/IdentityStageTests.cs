using Hindsight.Stages.Identify;

namespace Hindsight.Tests.Stages.Identify;

/// <summary>Stage 3 on the team's fixtures: the ids, their natural keys and the parent chain.</summary>
public sealed class IdentityStageTests(IdentityFixtureCorpus corpus) : IClassFixture<IdentityFixtureCorpus>
{
    private string Db => corpus.Db;

    [Fact]
    public void The_fixture_corpus_runs_through_the_identity_stage()
    {
        Assert.True(corpus.Run.ExitCode == 0, corpus.Run.ToString());
        Assert.Equal("succeeded", IdentityPipeline.IdentityStage(corpus.Run)["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_id_is_32_lowercase_hex_characters_and_unique()
    {
        var rows = await WarehouseProbe.RowsAsync(Db, "SELECT count(*), count(DISTINCT entity_id), count(*) FILTER (WHERE regexp_full_match(entity_id, '[0-9a-f]{32}')) FROM entities");
        Assert.True((long)rows[0][0]! > 0);
        Assert.Equal(rows[0][0], rows[0][1]);
        Assert.Equal(rows[0][0], rows[0][2]);
    }

    [Fact]
    public async Task Sessions_messages_and_blocks_carry_their_level_type_and_the_seeds_source_name()
    {
        var rows = await WarehouseProbe.RowsAsync(Db, "SELECT DISTINCT entity_type, level, source_name FROM entities ORDER BY level");
        Assert.Equal(
            [("typed_text", 3, "claude_code"), ("content_block", 4, "claude_code"), ("message", 5, "claude_code"), ("session", 8, "claude_code")],
            rows.Select(r => ((string)r[0]!, (int)r[1]!, (string)r[2]!)));
    }

    [Fact]
    public async Task The_parent_chain_from_block_to_message_to_session_is_complete()
    {
        var broken = await WarehouseProbe.RowsAsync(Db, """
            SELECT c.entity_type, c.natural_key, p.entity_type
            FROM entities c LEFT JOIN entities p ON p.entity_id = c.parent_id
            WHERE (c.entity_type = 'session' AND c.parent_id IS NOT NULL)
               OR (c.entity_type = 'message' AND p.entity_type IS DISTINCT FROM 'session')
               OR (c.entity_type = 'content_block' AND p.entity_type IS DISTINCT FROM 'message')
               OR (c.entity_type = 'typed_text' AND (p.entity_type IS DISTINCT FROM 'content_block' OR p.block_index IS DISTINCT FROM c.block_index))
               OR (c.entity_type <> 'session' AND p.session_id IS DISTINCT FROM c.session_id)
            """);
        Assert.Empty(broken);
    }

    [Fact]
    public async Task Each_distinct_non_duplicate_message_is_one_entity_and_duplicate_rows_add_none()
    {
        const string Kept = "FROM messages m JOIN records r USING (file_id, line_no) WHERE NOT m.is_duplicate";
        long distinctMessages = await WarehouseProbe.ScalarAsync<long>(Db, $"SELECT count(DISTINCT (m.session_id, coalesce(m.uuid, m.record_type || sha256(r.raw)))) {Kept}");
        long distinctBlocks = await WarehouseProbe.ScalarAsync<long>(Db,
            $"SELECT count(DISTINCT (m.session_id, coalesce(m.uuid, m.record_type || sha256(r.raw)), b.block_index)) {Kept.Replace("WHERE", "JOIN content_blocks b USING (file_id, line_no) WHERE", StringComparison.Ordinal)}");
        long duplicates = await WarehouseProbe.ScalarAsync<long>(Db, "SELECT count(*) FROM messages WHERE is_duplicate");

        Assert.True(duplicates > 0, "the fixtures replay sessions, so some messages are duplicates");
        Assert.Equal(distinctMessages, await WarehouseProbe.ScalarAsync<long>(Db, "SELECT count(*) FROM entities WHERE entity_type = 'message'"));
        Assert.Equal(distinctBlocks, await WarehouseProbe.ScalarAsync<long>(Db, "SELECT count(*) FROM entities WHERE entity_type = 'content_block'"));
    }

    [Fact]
    public async Task Every_stored_id_is_the_sha256_of_the_documented_natural_key_of_its_source_row()
    {
        var sources = await WarehouseProbe.RowsAsync(Db, """
            SELECT m.session_id, m.record_type, nullif(m.uuid, ''), r.raw, m.file_id, m.line_no, m.block_index
            FROM messages m JOIN records r USING (file_id, line_no)
            WHERE NOT m.is_duplicate
            """);
        var blocks = (await WarehouseProbe.RowsAsync(Db, "SELECT file_id, line_no, block_index FROM content_blocks"))
            .ToLookup(r => ((string)r[0]!, (long)r[1]!), r => (int)r[2]!);

        var expected = new HashSet<(string Id, string? Parent, string Type, string Key)>();
        foreach (var row in sources)
        {
            var session = (string)row[0]!;
            var sessionKey = EntityKeys.Session(session);
            var messageKey = row[2] is string uuid ? EntityKeys.MessageWithUuid(session, uuid) : EntityKeys.MessageWithoutUuid(session, (string)row[1]!, (string)row[3]!);
            if (row[6] is int typedBlock)
            {
                // Text a person typed inside a tool-result block: a child of that block.
                var typedKey = EntityKeys.TypedText(messageKey, typedBlock);
                expected.Add((EntityKeys.IdOf(typedKey), EntityKeys.IdOf(EntityKeys.ContentBlock(messageKey, typedBlock)), "typed_text", typedKey));
                continue;
            }
            expected.Add((EntityKeys.IdOf(sessionKey), null, "session", sessionKey));
            expected.Add((EntityKeys.IdOf(messageKey), EntityKeys.IdOf(sessionKey), "message", messageKey));
            foreach (var index in blocks[((string)row[4]!, (long)row[5]!)])
            {
                var blockKey = EntityKeys.ContentBlock(messageKey, index);
                expected.Add((EntityKeys.IdOf(blockKey), EntityKeys.IdOf(messageKey), "content_block", blockKey));
            }
        }

        var stored = (await WarehouseProbe.RowsAsync(Db, "SELECT entity_id, parent_id, entity_type, natural_key FROM entities"))
            .Select(r => ((string)r[0]!, (string?)r[1], (string)r[2]!, (string)r[3]!)).ToHashSet();
        Assert.Equal(expected.Count, stored.Count);
        Assert.Empty(expected.Except(stored));
    }

    [Fact]
    public async Task Natural_keys_escape_separators_so_that_different_components_never_give_one_key()
    {
        Assert.NotEqual(EntityKeys.MessageWithUuid("a|uuid|b", "c"), EntityKeys.MessageWithUuid("a", "b|uuid|c"));
        Assert.NotEqual(EntityKeys.Session("a\\|b"), EntityKeys.Session("a|\\b"));
        Assert.Equal("claude_code|session|a\\|b\\\\c", EntityKeys.Session("a|b\\c"));
        long stored = await WarehouseProbe.ScalarAsync<long>(Db, "SELECT count(*) FROM entities WHERE natural_key LIKE 'claude_code|%'");
        Assert.True(stored > 0);
    }

    [Fact]
    public void The_stage_reports_what_it_inserted_and_checked()
    {
        var metrics = IdentityPipeline.IdentityStage(corpus.Run)["metrics"]!;
        long inserted = metrics["sessions_inserted"]!.GetValue<long>() + metrics["messages_inserted"]!.GetValue<long>() + metrics["blocks_inserted"]!.GetValue<long>()
            + metrics["typed_texts_inserted"]!.GetValue<long>();
        Assert.True(inserted > 0);
        Assert.Equal(inserted, metrics["ids_checked"]!.GetValue<long>());
        Assert.Equal(0, metrics["collisions"]!.GetValue<long>());
        Assert.Contains("ids checked", metrics["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
