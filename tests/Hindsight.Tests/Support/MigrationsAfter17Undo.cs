namespace Hindsight.Tests.Support;

/// <summary>
/// Undoes every migration after 17, for the fakes of older warehouses (the origin release, the warehouse before stage 1
/// kept raw values, the warehouse before the staged table had its own stage): each of them needs these migrations to
/// apply again on upgrade. A new migration adds its undo here, once, not in each fake.
/// </summary>
public static class MigrationsAfter17Undo
{
    public const string Sql = """
        -- 18: the staged table's own stage number, discovery's kept verdict.
        DROP TABLE discovery_verdict;
        UPDATE stage_state SET stage = 40 WHERE stage = 5;
        -- 19: the agent column of every table holding a source's rows.
        ALTER TABLE files DROP COLUMN agent;
        ALTER TABLE records DROP COLUMN agent;
        ALTER TABLE content_blocks DROP COLUMN agent;
        ALTER TABLE dead_letters DROP COLUMN agent;
        ALTER TABLE messages DROP COLUMN agent;
        ALTER TABLE api_calls DROP COLUMN agent;
        ALTER TABLE entities DROP COLUMN agent;
        -- 20: export parquet's ledger.
        DROP TABLE parquet_exports;
        -- 21: the search index's watermark.
        DROP TABLE search_index;
        DROP TABLE search_index_files;
        -- 22: publish's load ledger.
        DROP TABLE publish_loads;
        -- 23: the staged content's narrower joins (the rows are the same: the narrower macro serves older warehouses too).
        DELETE FROM schema_migrations WHERE version BETWEEN 18 AND 23;
        """;
}
