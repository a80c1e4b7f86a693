namespace Hindsight.Warehouse;

/// <summary>
/// The warehouse schema as an ordered list of migrations. A release that needs a new column adds a
/// migration with ALTER TABLE; it never edits an old one, so existing warehouses upgrade in place
/// without losing data (the original pipeline broke on a 29-versus-31-column table).
/// Metrics and metadata are JSON text, never STRUCT: the original lost all its run tracking to a
/// DuckDB STRUCT binder error when stages wrote different keys.
/// </summary>
public static class Migrations
{
    /// <summary>The newest schema this release knows; a warehouse with a newer one is refused, never written.</summary>
    public static int LatestVersion => All.Max(m => m.Version);

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "runs, files, records, content blocks, dead letters", """
            CREATE TABLE runs (
                run_id UUID PRIMARY KEY,
                command VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                started_at TIMESTAMPTZ NOT NULL,
                ended_at TIMESTAMPTZ,
                hindsight_version VARCHAR,
                options_json VARCHAR,
                error VARCHAR
            );
            CREATE TABLE run_stages (
                run_id UUID NOT NULL,
                stage INTEGER NOT NULL,
                stage_name VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                started_at TIMESTAMPTZ NOT NULL,
                ended_at TIMESTAMPTZ,
                items_in BIGINT,
                items_out BIGINT,
                items_failed BIGINT,
                metrics_json VARCHAR,
                error VARCHAR,
                PRIMARY KEY (run_id, stage)
            );
            CREATE TABLE files (
                file_id VARCHAR PRIMARY KEY,
                path VARCHAR NOT NULL,
                source_root VARCHAR NOT NULL,
                relative_path VARCHAR NOT NULL,
                project VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                size_bytes BIGINT NOT NULL,
                mtime TIMESTAMPTZ NOT NULL,
                profiled_size BIGINT,
                profiled_mtime TIMESTAMPTZ,
                profile_json VARCHAR,
                ingested_size BIGINT,
                ingested_mtime TIMESTAMPTZ,
                ingested_offset BIGINT NOT NULL DEFAULT 0,
                ingested_lines BIGINT NOT NULL DEFAULT 0,
                partial_tail_bytes BIGINT NOT NULL DEFAULT 0,
                head_sha256 VARCHAR,
                boundary_sha256 VARCHAR,
                generation INTEGER NOT NULL DEFAULT 0,
                first_seen_run UUID,
                last_ingested_run UUID,
                last_ingest_error VARCHAR
            );
            CREATE TABLE records (
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
                -- zstd: only a file created by this release runs this migration (storage v1.5.0, where long strings can be
                -- compressed); DuckDB fixes a column's compression when the table is created, and older warehouses get it
                -- by being rewritten into a new file (StorageRewrite). Later migrations add columns, which keeps it.
                raw VARCHAR NOT NULL USING COMPRESSION zstd,
                run_id UUID NOT NULL
            );
            CREATE TABLE content_blocks (
                file_id VARCHAR NOT NULL,
                line_no BIGINT NOT NULL,
                block_index INTEGER NOT NULL,
                block_type VARCHAR NOT NULL,
                -- Tool outputs and inputs, the warehouse's largest texts after the raw archive (87 and 6 MB of the seed
                -- corpus's 272 MB): compressed like it, for the same reason (see records.raw).
                text VARCHAR USING COMPRESSION zstd,
                tool_name VARCHAR,
                tool_use_id VARCHAR,
                tool_input VARCHAR USING COMPRESSION zstd,
                is_error BOOLEAN,
                media_type VARCHAR,
                data_bytes BIGINT
            );
            CREATE TABLE dead_letters (
                file_id VARCHAR NOT NULL,
                line_no BIGINT NOT NULL,
                byte_offset BIGINT NOT NULL,
                reason VARCHAR NOT NULL,
                detail VARCHAR NOT NULL,
                raw_prefix BLOB NOT NULL,
                raw_length BIGINT NOT NULL,
                raw_sha256 VARCHAR NOT NULL,
                run_id UUID NOT NULL
            );
            """),
        new(2, "silver: classified messages and API calls", """
            CREATE TABLE messages (
                file_id VARCHAR NOT NULL,
                line_no BIGINT NOT NULL,
                record_type VARCHAR NOT NULL,
                session_id VARCHAR,
                project VARCHAR NOT NULL,
                agent_id VARCHAR,
                uuid VARCHAR,
                parent_uuid VARCHAR,
                role VARCHAR,
                kind VARCHAR NOT NULL,
                confidence VARCHAR,
                confidence_reason VARCHAR,
                text VARCHAR,
                command_name VARCHAR,
                content_length INTEGER NOT NULL,
                word_count INTEGER NOT NULL,
                timestamp_utc TIMESTAMPTZ,
                content_date DATE,
                model VARCHAR,
                is_sidechain BOOLEAN NOT NULL,
                is_duplicate BOOLEAN NOT NULL DEFAULT false,
                duplicate_reason VARCHAR,
                duplicate_of_file_id VARCHAR,
                duplicate_of_line_no BIGINT,
                ingest_run_id UUID NOT NULL
            );
            CREATE TABLE api_calls (
                message_id VARCHAR,
                request_id VARCHAR,
                model VARCHAR,
                project VARCHAR NOT NULL,
                session_id VARCHAR,
                file_session VARCHAR NOT NULL,
                agent_id VARCHAR,
                is_sidechain BOOLEAN NOT NULL,
                "timestamp" TIMESTAMPTZ,
                input_tokens BIGINT NOT NULL,
                output_tokens BIGINT NOT NULL,
                cache_creation_tokens BIGINT NOT NULL,
                cache_creation_5m_tokens BIGINT NOT NULL,
                cache_creation_1h_tokens BIGINT NOT NULL,
                cache_creation_unsplit_tokens BIGINT NOT NULL,
                cache_read_tokens BIGINT NOT NULL,
                total_tokens BIGINT NOT NULL,
                speed VARCHAR,
                cost_usd DOUBLE,
                is_priced BOOLEAN NOT NULL,
                priced_as VARCHAR,
                price_table_version VARCHAR NOT NULL,
                lines INTEGER NOT NULL,
                file_id VARCHAR NOT NULL,
                line_no BIGINT NOT NULL
            );
            """),
        new(3, "identity: entities with deterministic ids", """
            CREATE TABLE entities (
                entity_id VARCHAR PRIMARY KEY,
                parent_id VARCHAR,
                level INTEGER NOT NULL,
                entity_type VARCHAR NOT NULL,
                source_name VARCHAR NOT NULL,
                natural_key VARCHAR NOT NULL,
                session_id VARCHAR,
                file_id VARCHAR,
                line_no BIGINT,
                block_index INTEGER,
                first_seen_run UUID NOT NULL
            );
            """),
        new(4, "correction: persistent cache, corrections, the staged table", """
            CREATE TABLE correction_cache (
                cache_key VARCHAR PRIMARY KEY,
                status VARCHAR NOT NULL,
                corrected_protected_text VARCHAR NOT NULL,
                reason VARCHAR,
                provider VARCHAR NOT NULL,
                model VARCHAR NOT NULL,
                prompt_version VARCHAR NOT NULL,
                created_at TIMESTAMPTZ NOT NULL
            );
            CREATE TABLE corrections (
                entity_id VARCHAR NOT NULL,
                original_text VARCHAR NOT NULL,
                corrected_text VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                reason VARCHAR,
                provider VARCHAR NOT NULL,
                model VARCHAR NOT NULL,
                prompt_version VARCHAR NOT NULL,
                input_tokens BIGINT NOT NULL,
                output_tokens BIGINT NOT NULL,
                cost_usd DOUBLE NOT NULL,
                cache_hit BOOLEAN NOT NULL,
                latency_ms DOUBLE NOT NULL,
                batch_id VARCHAR,
                run_id UUID NOT NULL,
                settled_at TIMESTAMPTZ NOT NULL
            );
            CREATE TABLE claude_code_stage_4 (
                entity_id VARCHAR NOT NULL,
                parent_id VARCHAR,
                source_name VARCHAR NOT NULL,
                source_pipeline VARCHAR NOT NULL,
                level INTEGER NOT NULL,
                text VARCHAR,
                session_id VARCHAR,
                message_index BIGINT,
                message_type VARCHAR,
                role VARCHAR,
                content_length INTEGER,
                word_count INTEGER,
                model VARCHAR,
                cost_usd DOUBLE,
                tool_name VARCHAR,
                tool_input VARCHAR,
                tool_output VARCHAR,
                source_file VARCHAR,
                content_date DATE,
                timestamp_utc TIMESTAMPTZ,
                created_at TIMESTAMPTZ NOT NULL,
                metadata VARCHAR NOT NULL,
                fingerprint VARCHAR NOT NULL,
                run_id UUID NOT NULL
            );
            """),
        new(5, "stage state: what each derived stage last computed from", """
            CREATE TABLE stage_state (
                stage INTEGER PRIMARY KEY,
                input_signature VARCHAR NOT NULL,
                run_id UUID NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            );
            """),
        new(6, "who typed it, and the 2.1.332 format: turn origin, prompt source, effort, API errors; typed text inside tool results", """
            ALTER TABLE records ADD COLUMN turn_origin VARCHAR;
            ALTER TABLE records ADD COLUMN prompt_source VARCHAR;
            ALTER TABLE records ADD COLUMN effort VARCHAR;
            ALTER TABLE records ADD COLUMN api_error VARCHAR;
            ALTER TABLE records ADD COLUMN truncated_after_output BOOLEAN;
            -- A messages row of its own for text a person typed inside a tool-result block (NULL: the record's own row).
            ALTER TABLE messages ADD COLUMN block_index INTEGER;
            -- Lines stored before this release get the new fields from their raw JSON; a cheap text filter first.
            UPDATE records SET turn_origin = json_extract_string(raw, '$.turnOrigin'), prompt_source = json_extract_string(raw, '$.promptSource')
            WHERE type = 'user' AND (contains(raw, '"turnOrigin"') OR contains(raw, '"promptSource"')) AND json_valid(raw);
            UPDATE records SET effort = json_extract_string(raw, '$.effort'), api_error = json_extract_string(raw, '$.error'),
                truncated_after_output = TRY_CAST(json_extract(raw, '$.truncatedAfterOutput') AS BOOLEAN)
            WHERE type = 'assistant' AND (contains(raw, '"effort"') OR contains(raw, '"error"') OR contains(raw, '"truncatedAfterOutput"')) AND json_valid(raw);
            -- Before 2.1.152 the flat cache-creation field said 0 when the writes were only in the nested 5m/1h split.
            UPDATE records SET cache_creation_tokens = coalesce(cache_creation_5m_tokens, 0) + coalesce(cache_creation_1h_tokens, 0)
            WHERE coalesce(cache_creation_tokens, 0) = 0 AND coalesce(cache_creation_5m_tokens, 0) + coalesce(cache_creation_1h_tokens, 0) > 0;
            -- The classification rules changed (origin first, typed text inside tool results): stage 2 classifies every record again.
            DELETE FROM messages;
            """),
        new(7, "usage sources: progress-embedded copies, lines without ids, unfinalised output; Claude Code's own cost-state snapshots", """
            ALTER TABLE api_calls ADD COLUMN usage_source VARCHAR DEFAULT 'line';
            ALTER TABLE api_calls ADD COLUMN output_unfinalized BOOLEAN DEFAULT false;
            CREATE TABLE cost_states (
                session_id VARCHAR NOT NULL,
                model VARCHAR NOT NULL,
                input_tokens BIGINT NOT NULL,
                output_tokens BIGINT NOT NULL,
                thinking_tokens BIGINT NOT NULL,
                cache_read_tokens BIGINT NOT NULL,
                cache_creation_tokens BIGINT NOT NULL,
                cache_creation_5m_tokens BIGINT NOT NULL,
                cache_creation_1h_tokens BIGINT NOT NULL,
                web_search_requests BIGINT NOT NULL,
                cost_usd DOUBLE,
                total_cost_usd DOUBLE,
                has_unknown_model_cost BOOLEAN,
                file_id VARCHAR NOT NULL,
                line_no BIGINT NOT NULL
            );
            """),
        // Every attempt is kept, so a re-correction never loses what an earlier model said (issue 11, item 1);
        // corrections keeps one current row per prompt. Existing rows become the first history entries.
        new(8, "correction history: every attempt, with provider, model, cost and run", """
            CREATE TABLE correction_history (
                entity_id VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                reason VARCHAR,
                original_text VARCHAR NOT NULL,
                corrected_text VARCHAR NOT NULL,
                provider VARCHAR NOT NULL,
                model VARCHAR NOT NULL,
                prompt_version VARCHAR NOT NULL,
                input_tokens BIGINT NOT NULL,
                output_tokens BIGINT NOT NULL,
                cost_usd DOUBLE NOT NULL,
                cache_hit BOOLEAN NOT NULL,
                batch_id VARCHAR,
                run_id UUID NOT NULL,
                settled_at TIMESTAMPTZ NOT NULL,
                applied BOOLEAN NOT NULL
            );
            INSERT INTO correction_history
            SELECT entity_id, status, reason, original_text, corrected_text, provider, model, prompt_version,
                   input_tokens, output_tokens, cost_usd, cache_hit, batch_id, run_id, settled_at, true
            FROM corrections;
            """),
        new(9, "block fingerprints of each file's ingested range (change detection, hindsight check)", """
            CREATE TABLE file_blocks (
                file_id VARCHAR NOT NULL,
                block_index BIGINT NOT NULL,
                end_offset BIGINT NOT NULL,
                hash VARCHAR NOT NULL,
                PRIMARY KEY (file_id, block_index)
            );
            """),
        // The raw archive gives back every line byte for byte: records.raw (zstd since this release: migration 1 on a new file) and
        // now the whole line of a dead letter too, as bytes, since it may not be UTF-8. A line longer than --max-line-bytes
        // is never held whole: it keeps its prefix, length and SHA-256, and the view says it is incomplete. Dead letters
        // stored before keep their line where the stored prefix is the whole line, unredacted (its SHA-256 matches).
        new(10, "raw archive: the whole line of each dead letter, compressed; the raw_lines view", """
            ALTER TABLE dead_letters ADD COLUMN raw_line BLOB USING COMPRESSION zstd;
            UPDATE dead_letters SET raw_line = raw_prefix
            WHERE octet_length(raw_prefix) = raw_length AND sha256(raw_prefix) = raw_sha256;
            CREATE VIEW raw_lines AS
            SELECT file_id, line_no, byte_offset, encode(raw) AS line, 'record' AS kind, true AS complete, strlen(raw) AS length
            FROM records
            UNION ALL
            SELECT file_id, line_no, byte_offset, coalesce(raw_line, raw_prefix) AS line, 'dead_letter' AS kind, raw_line IS NOT NULL AS complete,
                   raw_length AS length
            FROM dead_letters;
            """),
        // Issue 12: the staged table copied every tool text from content_blocks (136 MB of a 621 MB seed warehouse, seconds of
        // stage 4 on every change). It becomes a view over the tables that hold the texts once, redacted; what a view cannot
        // derive (when and by which run a row's content was last staged, and that content's fingerprint) stays in a narrow
        // table, carried over from the old rows so no history is lost. The content is a table macro over a range of file
        // ids, so that stage 4 fingerprints it a slice at a time with the filter on each large table's own scan.
        new(11, "the staged table references its texts: claude_code_stage_4 becomes a view, with a narrow table of when each row was staged", """
            CREATE TABLE claude_code_stage_4_rows (
                entity_id VARCHAR NOT NULL,
                fingerprint VARCHAR NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                run_id UUID NOT NULL
            );
            INSERT INTO claude_code_stage_4_rows SELECT entity_id, fingerprint, created_at, run_id FROM claude_code_stage_4;
            DROP TABLE claude_code_stage_4;
            CREATE MACRO claude_code_stage_4_content(first_file, last_file) AS TABLE
                WITH tool_blocks AS (
                    SELECT file_id, line_no,
                           min(block_index) FILTER (WHERE block_type IN ('tool_use', 'server_tool_use')) AS use_index,
                           min(block_index) FILTER (WHERE block_type = 'tool_result') AS result_index
                    FROM content_blocks
                    WHERE block_type IN ('tool_use', 'server_tool_use', 'tool_result') AND file_id BETWEEN first_file AND last_file
                    GROUP BY file_id, line_no
                )
                SELECT e.entity_id, e.parent_id, e.source_name, 'claude_code' AS source_pipeline, e.level,
                       CASE WHEN c.status = 'corrected' THEN c.corrected_text ELSE m.text END AS text,
                       m.session_id, m.line_no AS message_index, m.kind AS message_type, m.role,
                       m.content_length, m.word_count, m.model, a.cost_usd,
                       CASE WHEN e.level = 5 THEN tu.tool_name END AS tool_name,
                       CASE WHEN e.level = 5 THEN tu.tool_input END AS tool_input,
                       CASE WHEN e.level = 5 THEN tr.text END AS tool_output,
                       f.path AS source_file, m.content_date, m.timestamp_utc, s.created_at,
                       json_object(
                           'record_type', m.record_type, 'kind', m.kind, 'confidence', m.confidence, 'uuid', m.uuid,
                           'is_sidechain', m.is_sidechain, 'agent_id', m.agent_id, 'block_index', m.block_index,
                           'correction_status', c.status, 'correction_reason', c.reason,
                           'original_text', CASE WHEN c.status IS NOT NULL AND length(c.original_text) <= 65536 THEN c.original_text END,
                           'corrected_text', CASE WHEN c.status IS NOT NULL AND length(c.corrected_text) <= 65536 THEN c.corrected_text END,
                           'correction_cost_usd', c.cost_usd, 'correction_model', c.model, 'prompt_version', c.prompt_version
                       )::VARCHAR AS metadata,
                       s.fingerprint, s.run_id
                FROM (SELECT * FROM entities WHERE level IN (5, 3) AND file_id BETWEEN first_file AND last_file) e
                LEFT JOIN claude_code_stage_4_rows s ON s.entity_id = e.entity_id
                JOIN (SELECT * FROM messages WHERE file_id BETWEEN first_file AND last_file) m
                    ON m.file_id = e.file_id AND m.line_no = e.line_no AND coalesce(m.block_index, -1) = coalesce(e.block_index, -1)
                JOIN files f ON f.file_id = e.file_id
                LEFT JOIN corrections c ON c.entity_id = e.entity_id
                LEFT JOIN (SELECT * FROM api_calls WHERE file_id BETWEEN first_file AND last_file) a ON a.file_id = e.file_id AND a.line_no = e.line_no
                LEFT JOIN tool_blocks t ON t.file_id = e.file_id AND t.line_no = e.line_no
                LEFT JOIN (SELECT * FROM content_blocks WHERE file_id BETWEEN first_file AND last_file) tu
                    ON tu.file_id = e.file_id AND tu.line_no = e.line_no AND tu.block_index = t.use_index
                LEFT JOIN (SELECT * FROM content_blocks WHERE file_id BETWEEN first_file AND last_file) tr
                    ON tr.file_id = e.file_id AND tr.line_no = e.line_no AND tr.block_index = t.result_index;
            -- Every file (file ids are hex digests, and U+10FFFF sorts after any of them), staged rows only. The narrow table is
            -- joined inside the macro, below the joins that bring the tool texts: a hash table never holds those texts.
            CREATE VIEW claude_code_stage_4 AS
            SELECT * FROM claude_code_stage_4_content('', chr(1114111)) WHERE fingerprint IS NOT NULL;
            """),
        // Stage 2 derives its tables a slice of changed files at a time (issue 12): these narrow tables hold each file's
        // keys, so that a slice finds the rows in other files that share them without reading the corpus or its raw text.
        new(12, "derived tables in slices: per-file derivation state, usage lines, hashes of lines without uuid, duplicate marks per rule", """
            CREATE TABLE derived_files (
                file_id VARCHAR NOT NULL,
                records_signature VARCHAR NOT NULL,
                derived_with VARCHAR NOT NULL
            );
            CREATE TABLE usage_lines (
                file_id VARCHAR NOT NULL,
                line_no BIGINT NOT NULL,
                uuid VARCHAR,
                parent_uuid VARCHAR,
                message_id VARCHAR,
                request_id VARCHAR,
                model VARCHAR,
                session_id VARCHAR,
                agent_id VARCHAR,
                is_sidechain BOOLEAN NOT NULL,
                "timestamp" TIMESTAMPTZ,
                input_tokens BIGINT NOT NULL,
                output_tokens BIGINT NOT NULL,
                cache_creation_5m_tokens BIGINT NOT NULL,
                cache_creation_1h_tokens BIGINT NOT NULL,
                cache_creation_unsplit_tokens BIGINT NOT NULL,
                cache_read_tokens BIGINT NOT NULL,
                speed VARCHAR,
                cost_usd DOUBLE,
                is_api_error BOOLEAN NOT NULL,
                stop_reason VARCHAR,
                is_progress_copy BOOLEAN NOT NULL
            );
            CREATE TABLE uuidless_lines (
                file_id VARCHAR NOT NULL,
                line_no BIGINT NOT NULL,
                session_id VARCHAR,
                record_type VARCHAR NOT NULL,
                uuid_is_null BOOLEAN NOT NULL,
                raw_sha256 VARCHAR NOT NULL
            );
            CREATE TABLE duplicate_rule_marks (
                file_id VARCHAR NOT NULL,
                line_no BIGINT NOT NULL,
                priority INTEGER NOT NULL,
                reason VARCHAR NOT NULL,
                kept_file VARCHAR NOT NULL,
                kept_line BIGINT NOT NULL
            );
            -- Stage 2 runs again on its next run, filling these tables for every file.
            DELETE FROM stage_state WHERE stage = 2;
            """),
        // Stages 3 and 4 recompute only what changed files touch (issue 12): what each file's entities were computed from,
        // and what its staged rows were fingerprinted from, one narrow row per file. Empty tables mean every file has
        // changed, so the first run after this migration computes everything once, as before. entities loses its primary
        // key: the index was held in memory whole (it grew with the corpus) and made each insert and commit of stage 3 two
        // to three times slower; stage 3, its only writer, inserts only ids its gate found unique and not stored. The staged
        // content macro takes an optional range of lines, so that stage 4 fingerprints a very large file in parts.
        new(14, "identity and staging by changed files: per-file identity and staging state; entities without an in-memory key index", """
            ALTER TABLE entities RENAME TO entities_with_key_index;
            CREATE TABLE entities (
                entity_id VARCHAR NOT NULL,
                parent_id VARCHAR,
                level INTEGER NOT NULL,
                entity_type VARCHAR NOT NULL,
                source_name VARCHAR NOT NULL,
                natural_key VARCHAR NOT NULL,
                session_id VARCHAR,
                file_id VARCHAR,
                line_no BIGINT,
                block_index INTEGER,
                first_seen_run UUID NOT NULL
            );
            INSERT INTO entities SELECT * FROM entities_with_key_index;
            DROP TABLE entities_with_key_index;
            -- The staged content of a range of lines too (one large file is fingerprinted in parts); the view, which names
            -- no lines, reads exactly what it read before.
            CREATE OR REPLACE MACRO claude_code_stage_4_content(first_file, last_file, first_line := 0, last_line := 9223372036854775807) AS TABLE
                WITH tool_blocks AS (
                    SELECT file_id, line_no,
                           min(block_index) FILTER (WHERE block_type IN ('tool_use', 'server_tool_use')) AS use_index,
                           min(block_index) FILTER (WHERE block_type = 'tool_result') AS result_index
                    FROM content_blocks
                    WHERE block_type IN ('tool_use', 'server_tool_use', 'tool_result') AND file_id BETWEEN first_file AND last_file AND line_no BETWEEN first_line AND last_line
                    GROUP BY file_id, line_no
                )
                SELECT e.entity_id, e.parent_id, e.source_name, 'claude_code' AS source_pipeline, e.level,
                       CASE WHEN c.status = 'corrected' THEN c.corrected_text ELSE m.text END AS text,
                       m.session_id, m.line_no AS message_index, m.kind AS message_type, m.role,
                       m.content_length, m.word_count, m.model, a.cost_usd,
                       CASE WHEN e.level = 5 THEN tu.tool_name END AS tool_name,
                       CASE WHEN e.level = 5 THEN tu.tool_input END AS tool_input,
                       CASE WHEN e.level = 5 THEN tr.text END AS tool_output,
                       f.path AS source_file, m.content_date, m.timestamp_utc, s.created_at,
                       json_object(
                           'record_type', m.record_type, 'kind', m.kind, 'confidence', m.confidence, 'uuid', m.uuid,
                           'is_sidechain', m.is_sidechain, 'agent_id', m.agent_id, 'block_index', m.block_index,
                           'correction_status', c.status, 'correction_reason', c.reason,
                           'original_text', CASE WHEN c.status IS NOT NULL AND length(c.original_text) <= 65536 THEN c.original_text END,
                           'corrected_text', CASE WHEN c.status IS NOT NULL AND length(c.corrected_text) <= 65536 THEN c.corrected_text END,
                           'correction_cost_usd', c.cost_usd, 'correction_model', c.model, 'prompt_version', c.prompt_version
                       )::VARCHAR AS metadata,
                       s.fingerprint, s.run_id
                FROM (SELECT * FROM entities WHERE level IN (5, 3) AND file_id BETWEEN first_file AND last_file AND line_no BETWEEN first_line AND last_line) e
                LEFT JOIN claude_code_stage_4_rows s ON s.entity_id = e.entity_id
                JOIN (SELECT * FROM messages WHERE file_id BETWEEN first_file AND last_file AND line_no BETWEEN first_line AND last_line) m
                    ON m.file_id = e.file_id AND m.line_no = e.line_no AND coalesce(m.block_index, -1) = coalesce(e.block_index, -1)
                JOIN files f ON f.file_id = e.file_id
                LEFT JOIN corrections c ON c.entity_id = e.entity_id
                LEFT JOIN (SELECT * FROM api_calls WHERE file_id BETWEEN first_file AND last_file AND line_no BETWEEN first_line AND last_line) a ON a.file_id = e.file_id AND a.line_no = e.line_no
                LEFT JOIN tool_blocks t ON t.file_id = e.file_id AND t.line_no = e.line_no
                LEFT JOIN (SELECT * FROM content_blocks WHERE file_id BETWEEN first_file AND last_file AND line_no BETWEEN first_line AND last_line) tu
                    ON tu.file_id = e.file_id AND tu.line_no = e.line_no AND tu.block_index = t.use_index
                LEFT JOIN (SELECT * FROM content_blocks WHERE file_id BETWEEN first_file AND last_file AND line_no BETWEEN first_line AND last_line) tr
                    ON tr.file_id = e.file_id AND tr.line_no = e.line_no AND tr.block_index = t.result_index;
            CREATE TABLE identified_files (
                file_id VARCHAR NOT NULL,
                messages_signature VARCHAR NOT NULL,
                identified_with VARCHAR NOT NULL
            );
            CREATE TABLE staged_files (
                file_id VARCHAR NOT NULL,
                inputs_signature VARCHAR NOT NULL,
                staged_with VARCHAR NOT NULL
            );
            """),
        // Discovery's totals of the field inventory (subtypes, block types, tools, models, field paths) over every stored
        // profile, kept as one row, so that a run where one file changed updates them for that file instead of reading
        // every file's whole profile. The row names the profiles it sums; empty, or of other profiles, it is computed again.
        new(15, "discovery's inventory totals kept between runs", """
            CREATE TABLE discovery_totals (
                singleton BOOLEAN PRIMARY KEY CHECK (singleton),
                profiles_basis VARCHAR NOT NULL,
                inventory_json VARCHAR NOT NULL
            );
            """),
        // Stage 4 fingerprints a list of files (NULL: every file) rather than a range of file ids (issue 12). File ids are
        // hashes, so a range's rows lie all over the tables, and reading the compressed tool texts of scattered rows costs
        // nearly as much as reading them all: each of the heavy corpus's 135 slices took about 1 s. Files that lie next to
        // each other in storage are a few contiguous stretches instead. The view reads every file, as before.
        new(16, "staged content of a list of files: stage 4's slices read contiguous stretches of the tool texts", """
            DROP VIEW claude_code_stage_4;
            DROP MACRO TABLE claude_code_stage_4_content;
            CREATE OR REPLACE MACRO claude_code_stage_4_content(files, first_line := 0, last_line := 9223372036854775807) AS TABLE
                WITH tool_blocks AS (
                    SELECT file_id, line_no,
                           min(block_index) FILTER (WHERE block_type IN ('tool_use', 'server_tool_use')) AS use_index,
                           min(block_index) FILTER (WHERE block_type = 'tool_result') AS result_index
                    FROM content_blocks
                    WHERE block_type IN ('tool_use', 'server_tool_use', 'tool_result') AND (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line
                    GROUP BY file_id, line_no
                )
                SELECT e.entity_id, e.parent_id, e.source_name, 'claude_code' AS source_pipeline, e.level,
                       CASE WHEN c.status = 'corrected' THEN c.corrected_text ELSE m.text END AS text,
                       m.session_id, m.line_no AS message_index, m.kind AS message_type, m.role,
                       m.content_length, m.word_count, m.model, a.cost_usd,
                       CASE WHEN e.level = 5 THEN tu.tool_name END AS tool_name,
                       CASE WHEN e.level = 5 THEN tu.tool_input END AS tool_input,
                       CASE WHEN e.level = 5 THEN tr.text END AS tool_output,
                       f.path AS source_file, m.content_date, m.timestamp_utc, s.created_at,
                       json_object(
                           'record_type', m.record_type, 'kind', m.kind, 'confidence', m.confidence, 'uuid', m.uuid,
                           'is_sidechain', m.is_sidechain, 'agent_id', m.agent_id, 'block_index', m.block_index,
                           'correction_status', c.status, 'correction_reason', c.reason,
                           'original_text', CASE WHEN c.status IS NOT NULL AND length(c.original_text) <= 65536 THEN c.original_text END,
                           'corrected_text', CASE WHEN c.status IS NOT NULL AND length(c.corrected_text) <= 65536 THEN c.corrected_text END,
                           'correction_cost_usd', c.cost_usd, 'correction_model', c.model, 'prompt_version', c.prompt_version
                       )::VARCHAR AS metadata,
                       s.fingerprint, s.run_id
                FROM (SELECT * FROM entities WHERE level IN (5, 3) AND (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) e
                LEFT JOIN claude_code_stage_4_rows s ON s.entity_id = e.entity_id
                JOIN (SELECT * FROM messages WHERE (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) m
                    ON m.file_id = e.file_id AND m.line_no = e.line_no AND coalesce(m.block_index, -1) = coalesce(e.block_index, -1)
                JOIN files f ON f.file_id = e.file_id
                LEFT JOIN corrections c ON c.entity_id = e.entity_id
                LEFT JOIN (SELECT * FROM api_calls WHERE (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) a ON a.file_id = e.file_id AND a.line_no = e.line_no
                LEFT JOIN tool_blocks t ON t.file_id = e.file_id AND t.line_no = e.line_no
                LEFT JOIN (SELECT * FROM content_blocks WHERE (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) tu
                    ON tu.file_id = e.file_id AND tu.line_no = e.line_no AND tu.block_index = t.use_index
                LEFT JOIN (SELECT * FROM content_blocks WHERE (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) tr
                    ON tr.file_id = e.file_id AND tr.line_no = e.line_no AND tr.block_index = t.result_index;
            CREATE VIEW claude_code_stage_4 AS
            SELECT * FROM claude_code_stage_4_content(NULL) WHERE fingerprint IS NOT NULL;
            """),
        // Stage 2 read records.raw for two things (issue 12): the hash of each line without uuid, and the call a progress line
        // copies. Reading the raw column decompressed whole vectors of it outside DuckDB's memory limit (stage 2's peak memory
        // on large sessions). Stage 1 now stores both as it walks each line; rows stored before get them here, from the raw
        // JSON, by the very expressions stage 2 used, so stage 2 derives the same tables from them.
        new(17, "what stage 2 read from raw lines, stored by stage 1: the hash of each line without uuid, the calls progress lines copy", """
            ALTER TABLE records ADD COLUMN raw_sha256 VARCHAR;
            CREATE TABLE progress_copies (
                file_id VARCHAR NOT NULL,
                line_no BIGINT NOT NULL,
                session_id VARCHAR,
                message_id VARCHAR NOT NULL,
                request_id VARCHAR,
                model VARCHAR,
                agent_id VARCHAR,
                "timestamp" TIMESTAMPTZ,
                input_tokens BIGINT NOT NULL,
                output_tokens BIGINT NOT NULL,
                cache_creation_5m_tokens BIGINT NOT NULL,
                cache_creation_1h_tokens BIGINT NOT NULL,
                cache_creation_unsplit_tokens BIGINT NOT NULL,
                cache_read_tokens BIGINT NOT NULL,
                speed VARCHAR,
                stop_reason VARCHAR
            );
            UPDATE records SET raw_sha256 = sha256(raw) WHERE uuid IS NULL OR uuid = '';
            INSERT INTO progress_copies
            WITH copy_values AS (
                SELECT file_id, line_no, session_id, agent_id, "timestamp", d,
                       json_extract_string(d, '$.message.message.id') AS copy_message_id,
                       json_extract(d, '$.message.message.usage') AS u,
                       json_extract(d, '$.message.message.usage.cache_creation') AS split
                FROM (SELECT *, json_extract(raw, '$.data') AS d FROM records WHERE type = 'progress' AND contains(raw, '"usage"'))
            )
            SELECT file_id, line_no, session_id, copy_message_id,
                   coalesce(json_extract_string(d, '$.message.requestId'), json_extract_string(d, '$.requestId')),
                   json_extract_string(d, '$.message.message.model'),
                   coalesce(json_extract_string(d, '$.agentId'), agent_id),
                   coalesce(TRY_CAST(json_extract_string(d, '$.message.timestamp') AS TIMESTAMPTZ), "timestamp"),
                   coalesce(TRY_CAST(json_extract_string(u, '$.input_tokens') AS BIGINT), 0),
                   coalesce(TRY_CAST(json_extract_string(u, '$.output_tokens') AS BIGINT), 0),
                   coalesce(TRY_CAST(json_extract_string(split, '$.ephemeral_5m_input_tokens') AS BIGINT), 0),
                   coalesce(TRY_CAST(json_extract_string(split, '$.ephemeral_1h_input_tokens') AS BIGINT), 0),
                   CASE WHEN split IS NULL THEN coalesce(TRY_CAST(json_extract_string(u, '$.cache_creation_input_tokens') AS BIGINT), 0) ELSE 0 END,
                   coalesce(TRY_CAST(json_extract_string(u, '$.cache_read_input_tokens') AS BIGINT), 0),
                   json_extract_string(u, '$.speed'),
                   json_extract_string(d, '$.message.message.stop_reason')
            FROM copy_values
            WHERE copy_message_id IS NOT NULL AND copy_message_id <> '' AND json_type(u) = 'OBJECT'
              AND coalesce(json_extract_string(d, '$.message.message.model'), '') <> '<synthetic>';
            """),
        new(18, "the staged table as stage 5 of its own; discovery's last verdict kept typed, not read back from its metrics", """
            -- The staged table's fingerprint moves from its private number under stage 4 (40) to its own stage's, so an
            -- existing warehouse does not restage.
            UPDATE stage_state SET stage = 5 WHERE stage = 40;
            -- The verdict of the discovery that last profiled the inventory (the one stage_state's row 0 remembers): what
            -- an unchanged inventory's next run acts on. One row, replaced by each discovery that decides.
            CREATE TABLE discovery_verdict (
                decision VARCHAR NOT NULL,
                verdict_text VARCHAR NOT NULL,
                records BIGINT,
                warnings VARCHAR[] NOT NULL
            );
            -- Backfilled from what that discovery recorded, so an old warehouse's next run decides as before.
            INSERT INTO discovery_verdict
            SELECT coalesce(json_extract_string(r.metrics_json, '$.decision'), ''),
                   coalesce(json_extract_string(r.metrics_json, '$.go_no_go'), 'NO-GO'),
                   TRY_CAST(json_extract_string(r.metrics_json, '$.records') AS BIGINT),
                   coalesce(TRY_CAST(json_extract(r.metrics_json, '$.warnings') AS VARCHAR[]), [])
            FROM stage_state s JOIN run_stages r ON r.run_id = s.run_id AND r.stage = s.stage
            WHERE s.stage = 0 AND r.status = 'succeeded' AND json_valid(r.metrics_json);
            """),
        // Issue 14: more than one agent. Every table holding a source's rows says which agent wrote them; Claude Code's
        // existing rows (and any statement that does not name the column) are claude_code, so nothing is rewritten and
        // Claude Code's entity ids stay byte-identical. corrections, correction_history and the staged table are keyed
        // by entity id, and cost_states and progress_copies are Claude Code's own: they reach the agent through entities.
        new(19, "more than one agent: the agent column of every table holding a source's rows", """
            ALTER TABLE files ADD COLUMN agent VARCHAR DEFAULT 'claude_code';
            ALTER TABLE records ADD COLUMN agent VARCHAR DEFAULT 'claude_code';
            ALTER TABLE content_blocks ADD COLUMN agent VARCHAR DEFAULT 'claude_code';
            ALTER TABLE dead_letters ADD COLUMN agent VARCHAR DEFAULT 'claude_code';
            ALTER TABLE messages ADD COLUMN agent VARCHAR DEFAULT 'claude_code';
            ALTER TABLE api_calls ADD COLUMN agent VARCHAR DEFAULT 'claude_code';
            ALTER TABLE entities ADD COLUMN agent VARCHAR DEFAULT 'claude_code';
            """),
        new(20, "what export parquet last wrote, per output folder, table and partition", """
            -- One row per partition written by `export parquet` into a folder: the partition's content hash when it was
            -- written, so the next export into the same folder rewrites only partitions whose rows changed.
            CREATE TABLE parquet_exports (
                out_dir VARCHAR NOT NULL,
                table_name VARCHAR NOT NULL,
                partition_key VARCHAR NOT NULL,
                content_hash VARCHAR NOT NULL,
                row_count BIGINT NOT NULL,
                exported_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (out_dir, table_name, partition_key)
            );
            """),
        new(21, "the search index's watermark: which index it belongs to, and each file's fingerprint as last indexed", """
            -- The search index (a Lucene folder beside the warehouse) is derived state: these rows say what it holds. They
            -- move only after the index has committed, so they are behind it after a crash, never ahead.
            CREATE TABLE search_index (
                index_id VARCHAR NOT NULL
            );
            CREATE TABLE search_index_files (
                file_id VARCHAR NOT NULL,
                fingerprint VARCHAR NOT NULL
            );
            """),
        new(22, "publish's load ledger: every BigQuery load job of a table partition, its state and BigQuery's answer", """
            -- One row per load job `publish bigquery` starts (or finds already started): what it sent and how it ended.
            -- A partition whose latest row is done with the same content hash is not sent again; the rows of the last
            -- 24 hours count against the per-table job budget. Written before the upload, so a killed publish leaves a
            -- running row whose deterministic job id the next publish fetches instead of loading twice.
            CREATE TABLE publish_loads (
                run_id UUID NOT NULL,
                destination VARCHAR NOT NULL,
                table_name VARCHAR NOT NULL,
                partition_key VARCHAR NOT NULL,
                machine_id VARCHAR NOT NULL,
                content_hash VARCHAR NOT NULL,
                file_hash VARCHAR,
                row_count BIGINT NOT NULL,
                byte_count BIGINT,
                job_id VARCHAR NOT NULL,
                state VARCHAR NOT NULL,
                error_reason VARCHAR,
                error_message VARCHAR,
                output_rows BIGINT,
                started_at TIMESTAMPTZ NOT NULL,
                finished_at TIMESTAMPTZ
            );
            """),
        // Stage 5 ran out of memory on a session whose tool outputs were written once (in message.content only): the joins
        // for a row's tool input and tool output each read every content block of the range, texts included, into their
        // hash tables, so a range's texts were held twice. Each join now reads only the blocks it can match (tool uses
        // for the input, tool results for the output: the blocks that use_index and result_index point at), so a
        // range's tool outputs are held once. The rows, and so the fingerprints, are unchanged.
        new(23, "staged content: the tool input and tool output joins read only the blocks they match", """
            DROP VIEW claude_code_stage_4;
            CREATE OR REPLACE MACRO claude_code_stage_4_content(files, first_line := 0, last_line := 9223372036854775807) AS TABLE
                WITH tool_blocks AS (
                    SELECT file_id, line_no,
                           min(block_index) FILTER (WHERE block_type IN ('tool_use', 'server_tool_use')) AS use_index,
                           min(block_index) FILTER (WHERE block_type = 'tool_result') AS result_index
                    FROM content_blocks
                    WHERE block_type IN ('tool_use', 'server_tool_use', 'tool_result') AND (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line
                    GROUP BY file_id, line_no
                )
                SELECT e.entity_id, e.parent_id, e.source_name, 'claude_code' AS source_pipeline, e.level,
                       CASE WHEN c.status = 'corrected' THEN c.corrected_text ELSE m.text END AS text,
                       m.session_id, m.line_no AS message_index, m.kind AS message_type, m.role,
                       m.content_length, m.word_count, m.model, a.cost_usd,
                       CASE WHEN e.level = 5 THEN tu.tool_name END AS tool_name,
                       CASE WHEN e.level = 5 THEN tu.tool_input END AS tool_input,
                       CASE WHEN e.level = 5 THEN tr.text END AS tool_output,
                       f.path AS source_file, m.content_date, m.timestamp_utc, s.created_at,
                       json_object(
                           'record_type', m.record_type, 'kind', m.kind, 'confidence', m.confidence, 'uuid', m.uuid,
                           'is_sidechain', m.is_sidechain, 'agent_id', m.agent_id, 'block_index', m.block_index,
                           'correction_status', c.status, 'correction_reason', c.reason,
                           'original_text', CASE WHEN c.status IS NOT NULL AND length(c.original_text) <= 65536 THEN c.original_text END,
                           'corrected_text', CASE WHEN c.status IS NOT NULL AND length(c.corrected_text) <= 65536 THEN c.corrected_text END,
                           'correction_cost_usd', c.cost_usd, 'correction_model', c.model, 'prompt_version', c.prompt_version
                       )::VARCHAR AS metadata,
                       s.fingerprint, s.run_id
                FROM (SELECT * FROM entities WHERE level IN (5, 3) AND (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) e
                LEFT JOIN claude_code_stage_4_rows s ON s.entity_id = e.entity_id
                JOIN (SELECT * FROM messages WHERE (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) m
                    ON m.file_id = e.file_id AND m.line_no = e.line_no AND coalesce(m.block_index, -1) = coalesce(e.block_index, -1)
                JOIN files f ON f.file_id = e.file_id
                LEFT JOIN corrections c ON c.entity_id = e.entity_id
                LEFT JOIN (SELECT * FROM api_calls WHERE (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) a ON a.file_id = e.file_id AND a.line_no = e.line_no
                LEFT JOIN tool_blocks t ON t.file_id = e.file_id AND t.line_no = e.line_no
                LEFT JOIN (SELECT file_id, line_no, block_index, tool_name, tool_input FROM content_blocks
                           WHERE block_type IN ('tool_use', 'server_tool_use') AND (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) tu
                    ON tu.file_id = e.file_id AND tu.line_no = e.line_no AND tu.block_index = t.use_index
                LEFT JOIN (SELECT file_id, line_no, block_index, text FROM content_blocks
                           WHERE block_type = 'tool_result' AND (files IS NULL OR list_contains(files, file_id)) AND line_no BETWEEN first_line AND last_line) tr
                    ON tr.file_id = e.file_id AND tr.line_no = e.line_no AND tr.block_index = t.result_index;
            CREATE VIEW claude_code_stage_4 AS
            SELECT * FROM claude_code_stage_4_content(NULL) WHERE fingerprint IS NOT NULL;
            """),
    ];
}
