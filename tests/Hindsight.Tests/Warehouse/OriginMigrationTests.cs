using DuckDB.NET.Data;

namespace Hindsight.Tests.Warehouse;

/// <summary>
/// A warehouse of the previous release (schema 5) upgraded by migrations 6 to 9: the new record columns are filled from
/// the raw archive, every record is classified again under today's rules, and the result equals a fresh run's.
/// </summary>
public sealed class OriginMigrationTests
{
    private static readonly string Source = Path.Combine(RepositoryPaths.FixtureProjects, "-home-ana-work-origin");

    /// <summary>What migration 6 brings, compared row for row (run ids and timestamps of writes left out).</summary>
    private const string Comparable = """
        SELECT 'r', uuid, line_no, turn_origin, prompt_source, effort, api_error, CAST(truncated_after_output AS VARCHAR), CAST(cache_creation_tokens AS VARCHAR), NULL FROM records
        UNION ALL
        SELECT 'm', uuid, line_no, kind, confidence, confidence_reason, text, CAST(block_index AS VARCHAR), CAST(is_duplicate AS VARCHAR), session_id FROM messages
        UNION ALL
        SELECT 'e', entity_id, line_no, parent_id, entity_type, natural_key, NULL, CAST(block_index AS VARCHAR), NULL, NULL FROM entities
        UNION ALL
        SELECT 's', entity_id, message_index, message_type, text, parent_id, tool_output, NULL, NULL, NULL FROM claude_code_stage_4
        ORDER BY ALL
        """;

    private static async Task<CliResult> RunAsync(string db) =>
        await HindsightCli.RunAsync("run", "--source", Source, "--db", db, "--manifest", db + ".json", "--provider", "none", "--quiet", "--json");

    [Fact]
    public async Task A_schema_5_warehouse_upgrades_to_the_same_rows_as_a_fresh_run()
    {
        using var dir = new TempDirectory();
        var fresh = dir.Combine("fresh.duckdb");
        var upgraded = dir.Combine("upgraded.duckdb");
        Assert.Equal(0, (await RunAsync(fresh)).ExitCode);
        Assert.Equal(0, (await RunAsync(upgraded)).ExitCode);

        // Back to what the previous release left: no migration-6 columns, no typed-text rows, the flat cache field as written.
        await using (var connection = new DuckDBConnection($"Data Source={upgraded}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = """
                -- Migration 11 is undone first, while the view still reads what it staged: the staged table a copy again.
                CREATE TABLE staged_copy AS SELECT * FROM claude_code_stage_4;
                DROP VIEW claude_code_stage_4;
                DROP MACRO TABLE claude_code_stage_4_content;
                DROP TABLE claude_code_stage_4_rows;
                ALTER TABLE staged_copy RENAME TO claude_code_stage_4;
                DELETE FROM messages WHERE block_index IS NOT NULL;
                UPDATE messages SET kind = 'human_prompt', confidence = 'low', confidence_reason = 'non_interactive_entrypoint' WHERE kind = 'machine_prompt';
                ALTER TABLE messages DROP COLUMN block_index;
                ALTER TABLE records DROP COLUMN turn_origin;
                ALTER TABLE records DROP COLUMN prompt_source;
                ALTER TABLE records DROP COLUMN effort;
                ALTER TABLE records DROP COLUMN api_error;
                ALTER TABLE records DROP COLUMN truncated_after_output;
                UPDATE records SET cache_creation_tokens = 0 WHERE uuid = 'd4000001-0000-4000-8000-000000000002';
                DELETE FROM entities WHERE entity_type = 'typed_text';
                -- What migrations 7 to 17 added goes too (18 onwards below): the warehouse is then the previous release's schema 5.
                ALTER TABLE records DROP COLUMN raw_sha256;
                DROP TABLE progress_copies;
                DROP TABLE discovery_totals;
                DROP TABLE identified_files;
                DROP TABLE staged_files;
                DROP TABLE derived_files;
                DROP TABLE usage_lines;
                DROP TABLE uuidless_lines;
                DROP TABLE duplicate_rule_marks;
                DROP VIEW raw_lines;
                ALTER TABLE dead_letters DROP COLUMN raw_line;
                ALTER TABLE api_calls DROP COLUMN usage_source;
                ALTER TABLE api_calls DROP COLUMN output_unfinalized;
                DROP TABLE cost_states;
                DROP TABLE correction_history;
                DROP TABLE file_blocks;
                DELETE FROM schema_migrations WHERE version >= 6;
                """;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            command.CommandText = MigrationsAfter17Undo.Sql;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var upgrade = await RunAsync(upgraded);

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Equal(
            (await WarehouseProbe.RowsAsync(fresh, Comparable)).Select(r => string.Join('|', r)),
            (await WarehouseProbe.RowsAsync(upgraded, Comparable)).Select(r => string.Join('|', r)));
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(upgraded, "SELECT count(*) FROM schema_migrations WHERE version = 6"));
    }
}
