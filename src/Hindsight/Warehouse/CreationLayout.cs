namespace Hindsight.Warehouse;

/// <summary>
/// How a warehouse's wide columns are stored, fixed when this release creates the file. DuckDB chooses a column's
/// compression when the table is created (<c>USING COMPRESSION</c>) and cannot change it afterwards: there is no
/// ALTER for it, and rebuilding a table inside an existing file leaves the old blocks as free space (the file does not
/// shrink). So the layout is applied to the empty tables of a new file, right after the first migration and in its
/// transaction; a warehouse written by an older release gets it by being rewritten into a new file
/// (<see cref="StorageRewrite"/>). Later migrations add columns with ALTER TABLE, which keeps the layout.
/// </summary>
public static class CreationLayout
{
    /// <summary>
    /// <c>records.raw</c>, the archive of every line as written, compressed with zstd (about 10x on transcripts;
    /// the default choice never compresses long strings). The table is rebuilt empty with migration 1's columns;
    /// the INSERT fails loudly if the table no longer has exactly those columns.
    /// </summary>
    public const string Sql = """
        CREATE TABLE records_with_layout (
            file_id VARCHAR NOT NULL,
            line_no BIGINT NOT NULL,
            byte_offset BIGINT NOT NULL,
            type VARCHAR NOT NULL,
            subtype VARCHAR,
            uuid VARCHAR,
            parent_uuid VARCHAR,
            logical_parent_uuid VARCHAR,
            session_id VARCHAR,
            "timestamp" TIMESTAMPTZ,
            cwd VARCHAR,
            git_branch VARCHAR,
            version VARCHAR,
            is_sidechain BOOLEAN,
            agent_id VARCHAR,
            user_type VARCHAR,
            request_id VARCHAR,
            message_id VARCHAR,
            message_role VARCHAR,
            message_model VARCHAR,
            is_meta BOOLEAN,
            is_compact_summary BOOLEAN,
            is_api_error_message BOOLEAN,
            origin_kind VARCHAR,
            entrypoint VARCHAR,
            stop_reason VARCHAR,
            input_tokens BIGINT,
            output_tokens BIGINT,
            cache_creation_tokens BIGINT,
            cache_creation_5m_tokens BIGINT,
            cache_creation_1h_tokens BIGINT,
            cache_read_tokens BIGINT,
            speed VARCHAR,
            cost_usd DOUBLE,
            raw VARCHAR NOT NULL USING COMPRESSION zstd,
            run_id UUID NOT NULL
        );
        INSERT INTO records_with_layout SELECT * FROM records;
        DROP TABLE records;
        ALTER TABLE records_with_layout RENAME TO records;
        """;

    /// <summary>The first migration, after which <see cref="Sql"/> applies (the tables it rebuilds exist and are empty).</summary>
    public const int AfterMigration = 1;
}
