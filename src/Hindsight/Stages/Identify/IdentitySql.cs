namespace Hindsight.Stages.Identify;

/// <summary>
/// Stage 3's set-based SQL: every id of the corpus is computed by a handful of statements inside
/// DuckDB, never one statement per row (the original registered ids one call per row and took about
/// twenty minutes for 105k rows). The keys built here are exactly those of <see cref="EntityKeys"/>.
/// All statements take the id length as <c>$len</c>.
/// </summary>
internal static class IdentitySql
{
    public const string CandidatesTable = "identity_candidates";

    /// <summary>The condition naming a row of the current slice's sessions by its session id column.</summary>
    private static string InSlice(string sessionColumn) => $"{sessionColumn} IN (SELECT session_id FROM {IdentifiedFiles.SliceSessionsTable})";

    /// <summary>The escaping of <see cref="EntityKeys.Escape"/>, as SQL over a column.</summary>
    private static string Esc(string column) => $@"replace(replace({column}, '\', '\\'), '|', '\|')";

    private static string IdOf(string expression) => $"left(sha256({expression}), $len)";

    private static readonly string MessageKey = $"""
        {Esc("s.agent")} || '|message|' || {Esc("s.session_id")} || CASE
            WHEN s.uuid IS NOT NULL THEN '|uuid|' || {Esc("s.uuid")}
            ELSE '|line|' || {Esc("s.record_type")} || '|' || h.raw_sha256
        END
        """;

    /// <summary>
    /// One row per distinct message key among the non-duplicate messages of the slice's sessions (all their rows, in any file), and per typed-text key among their rows of
    /// text typed inside a tool result (<c>block_index</c> set: key <c>&lt;message key&gt;|block|&lt;i&gt;|typed</c>,
    /// parent the tool-result block's entity). Rows that share a key are one entity; its locator is the first of
    /// them by (file_id, line_no). A null key (no session id, or a record without uuid whose raw line is gone) is
    /// kept per row so the gate can name each one.
    /// </summary>
    public static readonly string BuildMessages = $"""
        CREATE OR REPLACE TEMP TABLE identity_messages AS
        WITH source AS (
            SELECT file_id, line_no, block_index, session_id, record_type, nullif(uuid, '') AS uuid, agent
            FROM messages
            WHERE NOT is_duplicate AND ({InSlice("session_id")} OR (session_id IS NULL
                AND EXISTS (SELECT 1 FROM {IdentifiedFiles.SliceSessionsTable} WHERE session_id IS NULL)
                AND file_id IN (SELECT file_id FROM {IdentifiedFiles.ChangedFilesTable})))
        ), line_hashes AS (
            -- Only lines without uuid need a hash of their raw text: stage 2 keeps it in the narrow uuidless_lines
            -- table, so no raw text is read here. Joined apart, on equalities only, so DuckDB keeps a hash join
            -- (a condition on one side inside a LEFT JOIN made it 200 times slower).
            SELECT s.file_id, s.line_no, h.raw_sha256
            FROM source s
            JOIN uuidless_lines h ON h.file_id = s.file_id AND h.line_no = s.line_no
            WHERE s.uuid IS NULL AND s.block_index IS NULL
        ), message_keyed AS (
            SELECT s.file_id, s.line_no, s.block_index, s.session_id, s.agent, {MessageKey} AS message_key
            FROM source s
            LEFT JOIN line_hashes h ON h.file_id = s.file_id AND h.line_no = s.line_no
        ), keyed AS (
            SELECT file_id, line_no, block_index, session_id, agent,
                CASE WHEN block_index IS NULL THEN message_key
                     ELSE message_key || '|block|' || CAST(block_index AS VARCHAR) || '|typed' END AS natural_key,
                CASE WHEN block_index IS NULL THEN {Esc("agent")} || '|session|' || {Esc("session_id")}
                     ELSE message_key || '|block|' || CAST(block_index AS VARCHAR) END AS parent_key
            FROM message_keyed
        )
        SELECT
            {IdOf("natural_key")} AS entity_id,
            {IdOf("parent_key")} AS parent_id,
            natural_key, session_id, agent, file_id, line_no, block_index,
            count(*) OVER (PARTITION BY natural_key, CASE WHEN natural_key IS NULL THEN file_id END, CASE WHEN natural_key IS NULL THEN line_no END,
                CASE WHEN natural_key IS NULL THEN block_index END) AS source_rows
        FROM keyed
        QUALIFY row_number() OVER (
            PARTITION BY natural_key, CASE WHEN natural_key IS NULL THEN file_id END, CASE WHEN natural_key IS NULL THEN line_no END,
                CASE WHEN natural_key IS NULL THEN block_index END
            ORDER BY file_id, line_no) = 1
        """;

    /// <summary>Sessions, messages and their content blocks: everything the warehouse should hold after this run.</summary>
    public static readonly string BuildCandidates = $"""
        CREATE OR REPLACE TEMP TABLE {CandidatesTable} AS
        WITH sessions AS (
            SELECT DISTINCT session_id, agent, {Esc("agent")} || '|session|' || {Esc("session_id")} AS natural_key
            FROM identity_messages
        ), blocks AS (
            SELECT DISTINCT m.entity_id AS message_id, m.natural_key || '|block|' || CAST(b.block_index AS VARCHAR) AS natural_key,
                m.session_id, m.agent, b.file_id, b.line_no, b.block_index
            FROM (SELECT * FROM identity_messages WHERE block_index IS NULL) m
            JOIN content_blocks b ON b.file_id = m.file_id AND b.line_no = m.line_no
        )
        SELECT {IdOf("natural_key")} AS entity_id, CAST(NULL AS VARCHAR) AS parent_id, {EntityKeys.SessionLevel} AS level,
            '{EntityKeys.SessionType}' AS entity_type, natural_key, session_id, agent,
            CAST(NULL AS VARCHAR) AS file_id, CAST(NULL AS BIGINT) AS line_no, CAST(NULL AS INTEGER) AS block_index
        FROM sessions
        UNION ALL
        SELECT entity_id, parent_id, {EntityKeys.MessageLevel}, '{EntityKeys.MessageType}', natural_key, session_id, agent, file_id, line_no, NULL
        FROM identity_messages WHERE block_index IS NULL
        UNION ALL
        SELECT entity_id, parent_id, {EntityKeys.TypedTextLevel}, '{EntityKeys.TypedTextType}', natural_key, session_id, agent, file_id, line_no, block_index
        FROM identity_messages WHERE block_index IS NOT NULL
        UNION ALL
        SELECT {IdOf("natural_key")}, message_id, {EntityKeys.ContentBlockLevel}, '{EntityKeys.ContentBlockType}', natural_key, session_id, agent, file_id, line_no, block_index
        FROM blocks
        """;

    /// <summary>The slice's message rows, and how many distinct message keys they make (rows sharing a key are one entity).</summary>
    public const string MessageRowCounts = "SELECT CAST(coalesce(sum(source_rows), 0) AS BIGINT) AS source_rows, count(*) AS message_keys FROM identity_messages";

    /// <summary>Ids or keys that are null or malformed, and entities whose parent is not among the candidates.</summary>
    public const string UnusableIds = $"""
        SELECT entity_type, coalesce(natural_key, '<null key: file ' || coalesce(file_id, '?') || ' line ' || coalesce(CAST(line_no AS VARCHAR), '?') || '>') AS key,
            CASE WHEN entity_id IS NULL OR natural_key IS NULL THEN 'null id'
                 WHEN length(entity_id) <> $len THEN 'id of the wrong length'
                 ELSE 'parent missing' END AS problem,
            count(*) OVER () AS total
        FROM {CandidatesTable} c
        WHERE entity_id IS NULL OR natural_key IS NULL OR length(entity_id) <> $len
           OR (entity_type <> 'session' AND (parent_id IS NULL OR NOT EXISTS (SELECT 1 FROM {CandidatesTable} p WHERE p.entity_id = c.parent_id)))
        ORDER BY entity_type, key
        LIMIT 20
        """;

    /// <summary>Ids that two different natural keys of this run share: two keys of each, for the first ids.</summary>
    public const string CollisionsAmongCandidates = $"""
        WITH shared AS (
            -- min <> max finds an id with two keys without a set of distinct keys per id; only those few are counted.
            SELECT entity_id FROM {CandidatesTable}
            WHERE entity_id IS NOT NULL
            GROUP BY entity_id
            HAVING min(natural_key) <> max(natural_key)
        ), colliding AS (
            SELECT c.entity_id, count(DISTINCT c.natural_key) AS keys
            FROM {CandidatesTable} c JOIN shared USING (entity_id)
            GROUP BY c.entity_id
        ), listed AS (
            SELECT c.entity_id, c.natural_key, row_number() OVER (PARTITION BY c.entity_id ORDER BY c.natural_key) AS n
            FROM {CandidatesTable} c
            JOIN colliding USING (entity_id)
        )
        SELECT entity_id, natural_key,
            (SELECT count(*) FROM colliding) AS ids,
            (SELECT CAST(sum(keys) AS BIGINT) FROM colliding) AS keys
        FROM listed
        WHERE n <= 2
        ORDER BY entity_id, natural_key
        LIMIT 20
        """;

    /// <summary>
    /// Stored ids of this source with another length than this run's: a different length would give every
    /// entity a new id, so the gate refuses instead of re-keying the warehouse.
    /// </summary>
    public static readonly string StoredWithOtherLength = $"""
        SELECT count(*) AS ids, CAST(coalesce(min(length(entity_id)), 0) AS INTEGER) AS id_length
        FROM entities
        WHERE source_name IN {EntityKeys.SourceNamesSql} AND length(entity_id) <> $len
        """;

    /// <summary>Ids already stored under another natural key (by any source).</summary>
    public const string CollisionsWithStored = $"""
        SELECT c.entity_id, c.natural_key, e.natural_key AS stored_key, count(*) OVER () AS total
        FROM {CandidatesTable} c
        JOIN entities e ON e.entity_id = c.entity_id
        WHERE e.natural_key <> c.natural_key
        ORDER BY c.entity_id, c.natural_key
        LIMIT 20
        """;

    /// <summary>How many candidate ids the gate checked.</summary>
    public const string IdsChecked = $"SELECT count(*) AS ids FROM {CandidatesTable}";

    /// <summary>Per entity type: how many this run holds, how many are stored already, and how many of those moved to another source row.</summary>
    public const string PresenceByType = $"""
        SELECT c.entity_type, count(*) AS candidates, count(e.entity_id) AS present,
            count(*) FILTER (WHERE e.entity_id IS NOT NULL AND (e.file_id IS DISTINCT FROM c.file_id OR e.line_no IS DISTINCT FROM c.line_no)) AS relocated
        FROM {CandidatesTable} c
        LEFT JOIN entities e ON e.entity_id = c.entity_id
        GROUP BY c.entity_type
        """;

    /// <summary>
    /// This source's entities of the slice's sessions whose source rows no longer exist (a file replaced, a message now a
    /// duplicate of an earlier one). Every key starts with its session, so an entity of another session cannot be stale.
    /// </summary>
    private static readonly string Stale = $"""
        {InSlice("e.session_id")} AND e.source_name IN {EntityKeys.SourceNamesSql}
        AND e.entity_type IN ('{EntityKeys.SessionType}', '{EntityKeys.MessageType}', '{EntityKeys.ContentBlockType}', '{EntityKeys.TypedTextType}')
        AND NOT EXISTS (SELECT 1 FROM {CandidatesTable} c WHERE c.entity_id = e.entity_id)
        """;

    /// <summary>The stale entities (<see cref="Stale"/>) per entity type, for the dry run's and the metrics' counts.</summary>
    public static readonly string StaleByType = $"SELECT e.entity_type, count(*) AS stale FROM entities e WHERE {Stale} GROUP BY e.entity_type";

    /// <summary>Removes the stale entities, in the stage's transaction.</summary>
    public static readonly string DeleteStale = $"DELETE FROM entities e WHERE {Stale}";

    /// <summary>Same entity, other source row (a file replaced by a copy): the id stays, the locator follows.</summary>
    public const string Relocate = $"""
        UPDATE entities e SET file_id = c.file_id, line_no = c.line_no
        FROM {CandidatesTable} c
        WHERE e.entity_id = c.entity_id AND (e.file_id IS DISTINCT FROM c.file_id OR e.line_no IS DISTINCT FROM c.line_no)
        """;

    /// <summary>
    /// The upsert: only ids not stored yet; an id already present is left exactly as it is. The gate has checked that no
    /// two candidates share an id, so the anti-join alone keeps the key unique (an ON CONFLICT clause made DuckDB check
    /// the index row by row: seconds for a corpus).
    /// </summary>
    public static readonly string InsertNew = $"""
        INSERT INTO entities (entity_id, parent_id, level, entity_type, source_name, natural_key, session_id, file_id, line_no, block_index, first_seen_run, agent)
        SELECT c.entity_id, c.parent_id, c.level, c.entity_type, c.agent, c.natural_key, c.session_id, c.file_id, c.line_no, c.block_index, $run, c.agent
        FROM {CandidatesTable} c
        WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_id = c.entity_id)
        """;

    /// <summary>
    /// Per entity type, this source's entities of sessions this run does not compute again: they stay exactly as they
    /// are, so each is a candidate already present (what a run that computed every session would count).
    /// </summary>
    public static readonly string UntouchedByType = $"""
        SELECT e.entity_type, count(*) AS entities FROM entities e
        WHERE e.source_name IN {EntityKeys.SourceNamesSql}
          AND e.entity_type IN ('{EntityKeys.SessionType}', '{EntityKeys.MessageType}', '{EntityKeys.ContentBlockType}', '{EntityKeys.TypedTextType}')
          AND NOT EXISTS (SELECT 1 FROM {IdentifiedFiles.SessionsTable} s WHERE s.session_id = e.session_id)
        GROUP BY e.entity_type
        """;

    /// <summary>Drops a slice's candidates and messages.</summary>
    public const string DropTemporary = $"DROP TABLE IF EXISTS {CandidatesTable}; DROP TABLE IF EXISTS identity_messages;";

    /// <summary>
    /// The files whose message rows are not those their entities were computed from (<c>identified_files</c>: count and a
    /// hash of the columns a key or a locator depends on), those with no rows left, and all of them when the id length or
    /// rules (<c>$with</c>) changed, into <see cref="IdentifiedFiles.ChangedFilesTable"/> with their signature now. One
    /// narrow scan of messages grouped by file: memory grows with the number of files, not rows.
    /// </summary>
    public const string FindChangedFiles = $"""
        CREATE OR REPLACE TEMP TABLE {IdentifiedFiles.ChangedFilesTable} AS
        WITH current AS (
            SELECT file_id, count(*)::VARCHAR || ':'
                || sum(hash(line_no, block_index, session_id, uuid, record_type, is_duplicate, ingest_run_id))::VARCHAR AS signature
            FROM messages GROUP BY file_id
        )
        SELECT coalesce(c.file_id, i.file_id) AS file_id, c.signature
        FROM current c FULL JOIN identified_files i ON i.file_id = c.file_id
        WHERE c.signature IS DISTINCT FROM i.messages_signature OR i.identified_with IS DISTINCT FROM $with
        """;

    /// <summary>
    /// The sessions to compute again, into <see cref="IdentifiedFiles.SessionsTable"/> with their non-duplicate message
    /// rows: those whose rows are in a changed file now, and those of entities located there before (rows that are gone
    /// or became duplicates), whose entities are computed again from all their rows, in any file.
    /// </summary>
    public const string FindSessions = $"""
        CREATE OR REPLACE TEMP TABLE {IdentifiedFiles.SessionsTable} AS
        WITH touched AS (
            SELECT DISTINCT session_id FROM messages
            WHERE NOT is_duplicate AND file_id IN (SELECT file_id FROM {IdentifiedFiles.ChangedFilesTable})
            UNION
            SELECT DISTINCT session_id FROM entities
            WHERE file_id IN (SELECT file_id FROM {IdentifiedFiles.ChangedFilesTable})
        ), sized AS (
            SELECT session_id, count(*) AS message_rows FROM messages
            WHERE NOT is_duplicate AND session_id IN (SELECT session_id FROM touched)
            GROUP BY session_id
        )
        SELECT t.session_id, coalesce(s.message_rows, 0) AS message_rows
        FROM touched t LEFT JOIN sized s ON s.session_id = t.session_id
        """;

    /// <summary>How many files changed.</summary>
    public const string CountChangedFiles = $"SELECT count(*) FROM {IdentifiedFiles.ChangedFilesTable}";

    /// <summary>The sessions to compute again with their sizes, in session id order (rows without a session id first), cut into slices in .NET.</summary>
    public const string SessionSizes = $"SELECT session_id, message_rows FROM {IdentifiedFiles.SessionsTable} ORDER BY session_id NULLS FIRST";

    /// <summary>The sessions of one slice (<c>$first</c> to <c>$last</c>, and the null session when <c>$without_session</c>) into <see cref="IdentifiedFiles.SliceSessionsTable"/>.</summary>
    public const string FillSliceSessions = $"""
        CREATE OR REPLACE TEMP TABLE {IdentifiedFiles.SliceSessionsTable} AS
        SELECT session_id FROM {IdentifiedFiles.SessionsTable}
        WHERE session_id BETWEEN $first AND $last OR (session_id IS NULL AND $without_session)
        """;

    /// <summary>Forgets what the changed files' entities were computed from, before <see cref="RememberChangedFiles"/>.</summary>
    public const string ForgetChangedFiles = $"DELETE FROM identified_files WHERE file_id IN (SELECT file_id FROM {IdentifiedFiles.ChangedFilesTable})";

    /// <summary>Remembers the changed files' signatures and the id length and rules (<c>$with</c>) their entities were computed with; files with no rows left are not kept.</summary>
    public const string RememberChangedFiles = $"""
        INSERT INTO identified_files SELECT file_id, signature, $with FROM {IdentifiedFiles.ChangedFilesTable} WHERE signature IS NOT NULL
        """;

    /// <summary>Drops the plan's temp tables.</summary>
    public const string DropPlan =
        $"DROP TABLE IF EXISTS {IdentifiedFiles.SliceSessionsTable}; DROP TABLE IF EXISTS {IdentifiedFiles.SessionsTable}; DROP TABLE IF EXISTS {IdentifiedFiles.ChangedFilesTable};";

    /// <summary>The stage's input fingerprint: the messages ids are made from, and the entities already stored.</summary>
    public static readonly string[] InputSignature =
    [
        "SELECT count(*), sum(hash(file_id, line_no, session_id, uuid, record_type, is_duplicate, ingest_run_id)) FROM messages",
        "SELECT count(*), sum(hash(entity_id, file_id, line_no)) FROM entities",
    ];
}
